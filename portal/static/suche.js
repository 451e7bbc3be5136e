// Progressive search: filters the document list; without JavaScript the full list stays.
(function () {
  var input = document.getElementById("suche");
  var list = document.getElementById("dokumente");
  if (!input || !list) { return; }
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    Array.prototype.forEach.call(list.children, function (li) {
      li.hidden = q !== "" && li.getAttribute("data-text").indexOf(q) === -1;
    });
  });
})();
