// Progressive enhancement of the province/commune selects: the form works without this script
// (a "Show communes" button reloads the page); with it, the communes follow the province at once.
(function () {
  document.documentElement.classList.add("js");
  function fill(select, items) {
    var keepFirst = select.multiple ? 0 : 1, chosen = select.value;
    while (select.options.length > keepFirst) select.remove(keepFirst);
    items.forEach(function (w) { select.add(new Option(w.name, w.code)); });
    // A commune chosen while the list was loading stays chosen if the province still has it.
    if (chosen) select.value = chosen;
    if (select.selectedIndex < 0) select.selectedIndex = 0;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-places]").forEach(function (box) {
      var selects = box.querySelectorAll("select");
      if (selects.length < 2) return;
      var province = selects[0], ward = selects[1];
      province.addEventListener("change", function () {
        if (!province.value) { fill(ward, []); return; }
        var url = box.getAttribute("data-wards-url").replace("/0/", "/" + encodeURIComponent(province.value) + "/");
        fetch(url, { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) { fill(ward, items); });
      });
    });
  });
})();
