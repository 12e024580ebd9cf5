// The figures page by period: moving to another period keeps the officer's place. Each period
// of a kind lists the same measures, so a link of the period picker is sent to the measure
// (the table row, whose id is the measure's anchor) the officer last worked in, rather than
// to the top of the other period's page.
(function () {
  var place = null;
  document.addEventListener("focusin", function (event) {
    var row = event.target.closest(".period-table tr[id]");
    if (row) {
      place = row.id;
    }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-keeps-place] a");
    if (link && place) {
      link.hash = place;
    }
  });
})();
