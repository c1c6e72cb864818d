// Progressive enhancement of the commune checkboxes on the caseworker form: a search box filters
// the list, and choosing a province loads its communes. Without this script the form still works
// (the "Show communes" button reloads the page).
(function () {
  function rebuild(list, items) {
    var name = list.getAttribute("data-name");
    list.textContent = "";
    items.forEach(function (w, i) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox"; box.name = name; box.value = w.code; box.id = name + "-" + i;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + w.name));
      list.appendChild(label);
    });
  }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-communes]").forEach(function (box) {
      var province = box.querySelector("select");
      var list = box.querySelector("[data-list]");
      var filter = box.querySelector("[data-filter]");
      if (filter) {
        filter.parentNode.hidden = false;
        filter.addEventListener("input", function () {
          var wanted = fold(filter.value.trim());
          list.querySelectorAll("label").forEach(function (label) {
            label.hidden = wanted !== "" && fold(label.textContent).indexOf(wanted) === -1;
          });
        });
      }
      if (!province || !list) return;
      province.addEventListener("change", function () {
        if (!province.value) { rebuild(list, []); return; }
        var url = box.getAttribute("data-wards-url").replace("/0/", "/" + encodeURIComponent(province.value) + "/");
        fetch(url, { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) { rebuild(list, items); if (filter) filter.value = ""; });
      });
    });
  });
})();
