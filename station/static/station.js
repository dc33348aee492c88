// The station's only script: show a value's page beside it, keys for the reviewer, table sorting.
"use strict";
(function () {
  function sortable(table) {
    table.querySelectorAll("th[data-sort]").forEach(function (th, column) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.dataset.sort === "num";
        var down = th.dataset.dir !== "asc";
        th.dataset.dir = down ? "asc" : "desc";
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var p = numeric ? parseFloat(x.dataset.value) : x.textContent.trim();
          var q = numeric ? parseFloat(y.dataset.value) : y.textContent.trim();
          var order = numeric ? p - q : p.localeCompare(q, "vi");
          return down ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  var overview = document.getElementById("overview");
  if (overview) {
    sortable(overview);
    var needs = document.getElementById("needs-me");
    needs.addEventListener("change", function () {
      overview.querySelectorAll("tbody tr").forEach(function (row) {
        row.hidden = needs.checked && row.dataset.need === "0";
      });
    });
  }

  var viewer = document.getElementById("viewer");
  if (!viewer) { return; }
  var dossier = viewer.dataset.dossier;
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.row"));
  var current = null;
  var reviewerInputs = document.querySelectorAll("input.reviewer");
  var remembered = window.localStorage ? localStorage.getItem("spcncl-reviewer") : null;
  reviewerInputs.forEach(function (input) {
    if (!input.value && remembered) { input.value = remembered; }
    input.addEventListener("change", function () {
      if (window.localStorage) { localStorage.setItem("spcncl-reviewer", input.value); }
    });
  });

  function show(row, index) {
    if (current) { current.classList.remove("selected"); }
    current = row;
    row.classList.add("selected");
    row.scrollIntoView({block: "nearest"});
    var sources = JSON.parse(row.dataset.sources || "[]");
    var page = document.getElementById("page"), doc = document.getElementById("doc");
    var caption = document.getElementById("caption"), box = document.getElementById("box");
    var image = document.getElementById("page-image");
    page.hidden = true; doc.hidden = true;
    var source = index !== undefined ? sources[index] :
      sources.find(function (s) { return s.doc !== null && s.preview !== "none"; });
    if (source && (source.doc === null || source.preview === "none")) { source = null; }
    if (!source) {
      caption.textContent = sources.length ? "Không xem trước được tài liệu của giá trị này." : "Giá trị này không có chứng cứ trong tài liệu.";
      return;
    }
    caption.textContent = source.file + (source.page ? ", trang " + source.page : "") + (source.sheet ? ", trang tính " + source.sheet : "") + ": «" + source.text + "»";
    var base = "/d/" + dossier + "/doc/" + source.doc;
    if (source.preview === "image") {
      image.onload = function () { page.hidden = false; };
      image.src = base + "/page/" + (source.page || 1) + ".png";
      if (source.bbox) {
        box.hidden = false;
        box.style.left = (source.bbox[0] * 100) + "%";
        box.style.top = (source.bbox[1] * 100) + "%";
        box.style.width = ((source.bbox[2] - source.bbox[0]) * 100) + "%";
        box.style.height = ((source.bbox[3] - source.bbox[1]) * 100) + "%";
      } else {
        box.hidden = true;
      }
      if (!image.complete) { page.hidden = true; } else { page.hidden = false; }
    } else {
      var query = "?text=" + encodeURIComponent(source.text) + (source.sheet ? "&sheet=" + encodeURIComponent(source.sheet) : "");
      fetch(base + "/view" + query, {credentials: "same-origin"}).then(function (r) { return r.text(); }).then(function (html) {
        doc.innerHTML = html;
        doc.hidden = false;
        var hit = doc.querySelector("#hit");
        if (hit) { hit.scrollIntoView({block: "center"}); }
      });
    }
  }

  function step(direction, onlyDoubtful) {
    var start = current ? rows.indexOf(current) : -1;
    for (var i = 1; i <= rows.length; i++) {
      var row = rows[(start + direction * i + rows.length * 2) % rows.length];
      if (!onlyDoubtful || row.classList.contains("state-doubtful")) { show(row); return; }
    }
  }

  rows.forEach(function (row) {
    row.addEventListener("click", function (event) {
      if (event.target.closest("form")) { return; }
      var picked = event.target.closest(".source");
      show(row, picked ? parseInt(picked.dataset.index, 10) : undefined);
      var form = row.querySelector("form.entry");
      if (form) { form.classList.add("open"); }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var form = current ? current.querySelector("form.entry") : null;
    if (event.key === "j") { step(1, true); }
    else if (event.key === "k") { step(-1, true); }
    else if (event.key === "s") { step(1, false); }
    else if (event.key === "c" && form) { form.classList.add("open"); form.querySelector("input.value").focus(); }
    else if (event.key === "a" && form && form.querySelector("button.accept")) { form.querySelector("button.accept").click(); }
    else { return; }
    event.preventDefault();
  });

  var target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
  if (target && target.classList.contains("row")) { show(target); }
  else { step(1, true); }
})();
