// Results tables are redrawn in place from the snapshot, so a room of hundreds of phones never
// fetches the page again for each vote. Rows are the ones the server drew; best first.

function cellsFor(result, place) {
  const cells = { place, total: result.total, lived: result.lived, learnt: result.learnt };
  if (result.agree !== undefined) {
    cells.agree = `${result.agree}%`;
    cells.lived_agree = result.lived ? `${result.lived_agree}%` : "\u2013";
    cells.learnt_agree = result.learnt ? `${result.learnt_agree}%` : "\u2013";
    cells.confused = result.counts.confused;
  }
  return cells;
}

// The room screen's bars (result.lived is a count of dots, or of raters).
function drawBars(row, result, most) {
  const fill = row.querySelector("[data-bar-fill]");
  const livedBar = row.querySelector("[data-bar-lived]");
  const learntBar = row.querySelector("[data-bar-learnt]");
  if (fill && result.agree !== undefined) {
    fill.setAttribute("width", String(result.agree));
  } else if (livedBar && learntBar) {
    const lived = Math.round((100 * result.lived) / most);
    const all = Math.round((100 * result.total) / most);
    livedBar.setAttribute("width", String(lived));
    learntBar.setAttribute("x", String(lived));
    learntBar.setAttribute("width", String(all - lived));
  }
}

export function drawResults(root, results) {
  for (const table of root.querySelectorAll("[data-results]")) {
    const body = table.tBodies[0];
    const places = (table.getAttribute("data-places") || "").split("|");
    const joint = table.getAttribute("data-joint") || "%s";
    const most = Math.max(1, ...results.map((r) => r.total));
    for (const result of results) {
      const row = body.querySelector(`[data-result-idea='${result.id}']`);
      if (!row) {
        continue;
      }
      const place = places[result.rank - 1] || String(result.rank);
      const cells = cellsFor(result, result.tied ? joint.replace("%s", place) : place);
      for (const [name, value] of Object.entries(cells)) {
        const cell = row.querySelector(`[data-cell='${name}']`);
        if (cell) {
          cell.textContent = String(value);
        }
      }
      drawBars(row, result, most);
      body.appendChild(row);
    }
  }
}

// The 20-a-second counts message carries results as short rows: [id, rank, tied, total, lived].
export function fromCounts(rows) {
  return rows.map((r) => ({ id: r[0], rank: r[1], tied: r[2] === 1, total: r[3], lived: r[4], learnt: r[3] - r[4] }));
}
