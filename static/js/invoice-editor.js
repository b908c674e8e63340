// Invoice editor: add, remove and move item rows in the page, Enter in the last row adds a
// row, and the totals box is recomputed by the server (POST /invoices/preview) as you type.
// Without this script the row buttons submit the form and the server does the same work.
(function () {
  "use strict";
  var form = document.getElementById("invoice-form");
  if (!form) { return; }
  var body = document.getElementById("item-rows");
  var totals = document.getElementById("totals");
  var previewUrl = form.getAttribute("data-preview-url");
  var timer = null;
  var sequence = 0;
  var FIELD = /^items-\d+-/;

  function rows() { return Array.prototype.slice.call(body.querySelectorAll("tr.item-row")); }

  function renumber() {
    rows().forEach(function (row, index) {
      row.setAttribute("data-row", String(index));
      row.querySelectorAll("input, textarea, select").forEach(function (input) {
        var name = input.name.replace(FIELD, "items-" + index + "-");
        input.name = name;
        input.id = name;
      });
      row.querySelectorAll("label").forEach(function (label) {
        var target = label.getAttribute("for") || "";
        label.setAttribute("for", target.replace(FIELD, "items-" + index + "-"));
        // "(row 2)", "(Zeile 2)", "(ligne 2)": the number in the label's parentheses, whatever the language.
        label.textContent = label.textContent.replace(/\((\D*)\d+\)/, "($1" + (index + 1) + ")");
      });
      row.querySelectorAll("[data-row-action]").forEach(function (button) {
        var verb = button.getAttribute("data-row-action");
        button.value = verb + "-" + index;
        var label = button.getAttribute("aria-label") || "";
        button.setAttribute("aria-label", label.replace(/\d+/, String(index + 1)));  // its row's number
      });
    });
  }

  function clearRow(row) {
    row.querySelectorAll("input, textarea").forEach(function (input) {
      input.value = "";
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
    // A new row starts without tax rates (the company has no default rate).
    row.querySelectorAll("select").forEach(function (select) {
      select.selectedIndex = 0;
      select.removeAttribute("aria-invalid");
      select.removeAttribute("aria-describedby");
    });
    row.querySelectorAll(".field-error").forEach(function (error) { error.remove(); });
    row.querySelectorAll(".has-error").forEach(function (cell) { cell.classList.remove("has-error"); });
    var line = row.querySelector("[data-line-total]");
    if (line) { line.textContent = "—"; }
  }

  function addRow(after) {
    var all = rows();
    var source = after || all[all.length - 1];
    var row = source.cloneNode(true);
    clearRow(row);
    source.parentNode.insertBefore(row, source.nextSibling);
    renumber();
    var first = row.querySelector("input");
    if (first) { first.focus(); }
    return row;
  }

  function onRowAction(button) {
    var verb = button.getAttribute("data-row-action");
    var row = button.closest("tr.item-row");
    if (verb === "add") {
      addRow(null);
    } else if (verb === "remove") {
      if (rows().length === 1) { clearRow(row); } else {
        var next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        if (next) { var focusable = next.querySelector("[data-row-action='remove']"); if (focusable) { focusable.focus(); } }
      }
      renumber();
    } else if (verb === "up" && row.previousElementSibling) {
      row.parentNode.insertBefore(row, row.previousElementSibling);
      renumber();
      button.focus();
    } else if (verb === "down" && row.nextElementSibling) {
      row.parentNode.insertBefore(row.nextElementSibling, row);
      renumber();
      button.focus();
    }
    schedule();
  }

  function preview() {
    var mine = ++sequence;
    var data = new FormData(form);
    fetch(previewUrl, { method: "POST", body: data, credentials: "same-origin",
                        headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (mine !== sequence || !result || typeof result.totals_html !== "string") { return; }
        totals.innerHTML = result.totals_html;
        rows().forEach(function (row, index) {
          var cell = row.querySelector("[data-line-total]");
          if (cell) { cell.textContent = (result.lines && result.lines[String(index)]) || "—"; }
        });
        markInvalid(result.errors || {});
        form.setAttribute("data-preview-done", String(mine));
      })
      .catch(function () { /* the totals show after saving */ });
  }

  // The fields the preview found wrong (by id) are marked invalid until they are right; the
  // totals box says what is wrong with each. Errors the server rendered stay as they are.
  function markInvalid(errors) {
    form.querySelectorAll("[data-preview-invalid]").forEach(function (input) {
      input.removeAttribute("data-preview-invalid");
      input.removeAttribute("aria-invalid");
    });
    Object.keys(errors).forEach(function (id) {
      var input = document.getElementById(id);
      if (input && form.contains(input) && !input.hasAttribute("aria-invalid")) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("data-preview-invalid", "");
      }
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(preview, 250);
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-row-action]");
    if (button) {
      event.preventDefault();
      onRowAction(button);
    }
  });

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);

  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") { return; }
    var row = event.target.closest("tr.item-row");
    if (!row) { return; }
    event.preventDefault();
    var all = rows();
    if (row === all[all.length - 1]) {
      addRow(row);
      schedule();
    } else {
      var next = row.nextElementSibling.querySelector("input");
      if (next) { next.focus(); }
    }
  });
})();
