/* motcua: the few behaviours htmx does not give us. No dependencies besides Bootstrap and htmx. */
(function () {
  "use strict";
  // Validation errors and conflicts come back as 4xx with the form re-rendered: show them.
  document.addEventListener("htmx:beforeSwap", function (e) {
    if ([400, 403, 404, 409, 422, 429].indexOf(e.detail.xhr.status) >= 0) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  // Action dialogs: content loaded into #dialog-body opens the modal.
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "dialog-body" && window.bootstrap) {
      var modal = bootstrap.Modal.getOrCreateInstance(document.getElementById("dialog"));
      modal.show();
      var first = e.detail.target.querySelector("input:not([type=hidden]), select, textarea, button[type=submit]");
      if (first) { setTimeout(function () { first.focus(); }, 150); }
    }
  });
  // Keyboard: from a search box, arrow down walks into its results; Escape goes back.
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var list = t.dataset && t.dataset.results ? document.getElementById(t.dataset.results) : t.closest && t.closest("[data-result-list]");
    if (!list) { return; }
    var items = Array.prototype.slice.call(list.querySelectorAll("a.match"));
    if (!items.length) { return; }
    var i = items.indexOf(t);
    if (e.key === "ArrowDown") { e.preventDefault(); items[Math.min(i + 1, items.length - 1)].focus(); }
    else if (e.key === "ArrowUp" && i > 0) { e.preventDefault(); items[i - 1].focus(); }
    else if (e.key === "ArrowUp" || e.key === "Escape") {
      var box = document.querySelector("[data-results='" + list.id + "']");
      if (box) { e.preventDefault(); box.focus(); }
    }
  });
  // Select every row of a queue.
  document.addEventListener("change", function (e) {
    if (e.target.id === "select-all") {
      document.querySelectorAll("input[name=item]").forEach(function (box) { box.checked = e.target.checked; });
    }
  });
  // Print the embedded form.
  document.addEventListener("click", function (e) {
    if (e.target.id === "print-btn") {
      var frame = document.getElementById("form-frame");
      if (frame && frame.contentWindow) { frame.contentWindow.focus(); frame.contentWindow.print(); }
    }
  });
})();
/* Reception: fill the applicant's details from their previous dossier. */
document.addEventListener("click", function (e) {
  if (e.target.id !== "prefill-applicant") { return; }
  var f = document.getElementById("reception-form"), s = e.target.dataset;
  f.elements.name.value = s.name; f.elements.phone.value = s.phone; f.elements.email.value = s.email; f.elements.address.value = s.address;
  if (s.birth) { f.elements.birth_date.value = s.birth; }
  f.elements.name.focus();
});
/* Reception: the chip ID card's QR code, typed by the counter's 2D scanner (it ends with Enter,
   which must not submit the form): the server reads it and the applicant's fields are filled. */
(function () {
  function readCard(input) {
    var text = input.value.trim(), out = document.getElementById("chip-card-result");
    if (!text) { return; }
    var body = new URLSearchParams({ text: text });
    var token = document.querySelector("[name=csrfmiddlewaretoken]");
    fetch(input.dataset.url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": token ? token.value : "" } })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (res) {
        out.className = "small " + (res.ok ? "text-success" : "text-danger");
        if (!res.ok) { out.textContent = res.data.error; input.select(); return; }
        var f = input.form, d = res.data;
        var person = f.querySelector("[name=applicant_kind][value=person]");
        if (person) { person.checked = true; }
        f.elements.id_number.value = d.id_number; f.elements.name.value = d.name; f.elements.birth_date.value = d.birth_date;
        f.elements.sex.value = d.sex; f.elements.address.value = d.address;
        f.elements.id_number.dispatchEvent(new Event("change", { bubbles: true }));
        out.textContent = "✓ " + d.name + " · " + d.id_number;
        input.value = "";
        f.elements.phone.focus();
      });
  }
  document.addEventListener("keydown", function (e) {
    if (e.target.id === "chip-card" && e.key === "Enter") { e.preventDefault(); readCard(e.target); }
  });
  document.addEventListener("change", function (e) {
    if (e.target.id === "chip-card") { readCard(e.target); }
  });
})();
/* The language switch applies the choice at once; without scripts its button does. */
document.documentElement.classList.add("js");
document.addEventListener("change", function (e) {
  if (e.target.id === "language-select") { e.target.form.submit(); }
});
