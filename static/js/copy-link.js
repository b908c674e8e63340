// Copy buttons: <button data-copy-target="input-id" hidden> copies that input's value.
// The buttons stay hidden without script; the value can still be selected by hand.
(function () {
  "use strict";
  function fallbackCopy(input) {
    input.focus();
    input.select();
    try { return document.execCommand("copy"); } catch (error) { return false; }
  }

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input) { return; }
    var status = button.parentNode.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      function done(ok) {
        // The page's language says the words (<body data-copied data-copy-failed>, base.html).
        var words = document.body.dataset;
        if (status) { status.textContent = ok ? (words.copied || "Copied.") : (words.copyFailed || "Select the text and copy it."); }
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { done(true); },
                                                        function () { done(fallbackCopy(input)); });
      } else {
        done(fallbackCopy(input));
      }
    });
  });
})();
