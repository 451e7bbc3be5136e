/* dkbm portal: say so where a table is wider than the screen (progressive; without
   JavaScript the table still scrolls). */
(function () {
  "use strict";
  var hint = document.body.getAttribute("data-scroll-hint");
  function mark() {
    document.querySelectorAll(".scroll").forEach(function (box) {
      box.classList.toggle("wider", box.scrollWidth > box.clientWidth + 1);
      // a box may name what scrolls (a picture, not a table)
      box.setAttribute("data-hint", box.getAttribute("data-scroll-hint") || hint);
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
