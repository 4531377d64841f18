/* Per-language tabs of the call set-up pages: without JavaScript every panel shows. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-tabs]").forEach(function (group) {
    var tabs = group.querySelectorAll("[role=tab]");
    function show(tab) {
      tabs.forEach(function (other) {
        var selected = other === tab;
        other.setAttribute("aria-selected", selected ? "true" : "false");
        other.classList.toggle("active", selected);
        other.tabIndex = selected ? 0 : -1;
        var panel = document.getElementById(other.getAttribute("aria-controls"));
        if (panel) panel.hidden = !selected;
      });
    }
    tabs.forEach(function (tab) {
      tab.addEventListener("click", function (event) { event.preventDefault(); show(tab); });
    });
    var first = group.querySelector("[role=tab][data-has-errors]") || group.querySelector("[role=tab][data-default]")
      || tabs[0];
    if (first) show(first);
  });
});
