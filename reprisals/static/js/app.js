// Reprisals Tracker: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // An anonymous party has no public name: keep the name field empty and disabled while "Anonymous" is ticked.
  function syncAnonymous(form) {
    var box = form.querySelector("input[name='is_anonymous']");
    var name = form.querySelector("input[name='name']");
    if (!box || !name) return;
    name.disabled = box.checked;
    if (box.checked) name.value = "";
  }

  // Open the action panel named in the address (e.g. #act-party) so that links can point at a form.
  function openPanelFromHash() {
    if (!window.bootstrap || !location.hash || !/^#act-[a-z]+$/.test(location.hash)) return;
    var panel = document.querySelector(location.hash);
    if (panel && panel.classList.contains("collapse")) {
      window.bootstrap.Collapse.getOrCreateInstance(panel).show();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.party-form").forEach(function (form) {
      syncAnonymous(form);
      form.addEventListener("change", function (event) {
        if (event.target && event.target.name === "is_anonymous") syncAnonymous(form);
      });
    });

    // Move focus into an action panel when it opens, for keyboard and screen reader users.
    document.querySelectorAll("#case-actions .collapse").forEach(function (panel) {
      panel.addEventListener("shown.bs.collapse", function () {
        var first = panel.querySelector("input:not([type=hidden]), select, textarea");
        if (first) first.focus();
      });
    });

    openPanelFromHash();
  });
})();
