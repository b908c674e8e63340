// Registration: a timezone select still on its default (UTC) takes the browser's timezone
// when the list has it. Without script the server's guess (from the language) stays.
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (error) { return; }
  if (!zone) { return; }
  document.querySelectorAll("select[data-guess-timezone]").forEach(function (select) {
    if (select.value !== "UTC") { return; }
    var option = Array.prototype.find.call(select.options, function (item) { return item.value === zone; });
    if (option) { select.value = zone; }
  });
})();
