// Draws the lineage DAG with Cytoscape.js. Self-contained on purpose (no imports):
// wasm-bindgen copies this file into the site, and the Rust side hands in the
// cytoscape and cytoscape-dagre modules it imported from node_modules.
//
// Element ids are namespaced (`step:<name>`, `edge:<n>`, see elements.rs); a step's
// own name is `data.step`, and that is what this module reports and highlights by.

const graphs = new Map();
const handlers = new Map();
let dagreRegistered = false;

const STATUS_COLORS = {
  succeeded: "#1a7f37",
  failed: "#cf222e",
  executing: "#0969da",
  starting: "#0969da",
  stopping: "#9a6700",
  stopped: "#9a6700",
  notstarted: "#8c959f",
  skipped: "#d0d7de",
};

function style() {
  const s = [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "text-wrap": "wrap",
        "text-max-width": 160,
        "text-valign": "center",
        "text-halign": "center",
        "font-size": 11,
        "min-zoomed-font-size": 6,
        color: "#fff",
        "text-outline-width": 0,
        shape: "round-rectangle",
        width: 150,
        height: 44,
        "background-color": STATUS_COLORS.notstarted,
        "border-width": 2,
        "border-color": "#ffffff",
      },
    },
    // Room for the findings line (before the shapes that set their own size).
    { selector: "node.finding-low, node.finding-medium, node.finding-high, node.finding-critical", style: { height: 58 } },
    { selector: "node.type-condition", style: { shape: "diamond", width: 120, height: 70 } },
    { selector: "node.type-fail", style: { shape: "octagon" } },
    { selector: "node.type-registermodel", style: { shape: "tag" } },
    { selector: "node.status-skipped", style: { color: "#57606a", "border-style": "dashed", "border-color": "#8c959f" } },
    { selector: "node.not-in-definition", style: { "border-color": "#9a6700", "border-style": "dotted" } },
    // Steps touching something with findings: a thick border in the worst
    // finding's colour (the label says it too).
    { selector: "node.finding-low", style: { "border-color": "#8c959f", "border-width": 3 } },
    { selector: "node.finding-medium", style: { "border-color": "#bf8700", "border-width": 3 } },
    { selector: "node.finding-high", style: { "border-color": "#bc4c00", "border-width": 4 } },
    { selector: "node.finding-critical", style: { "border-color": "#a40e26", "border-width": 5, "border-style": "double" } },
    { selector: "node.selected", style: { "border-color": "#111", "border-width": 4 } },
    { selector: "node.related", style: { "border-color": "#bf8700", "border-width": 4 } },
    { selector: "node.faded", style: { opacity: 0.35 } },
    // Comparison of two executions: what changed stands out, what did not is dimmed
    // (the label's last line says which, so colour is not the only cue).
    { selector: "node.change-same", style: { opacity: 0.45 } },
    { selector: "node.change-changed", style: { "border-color": "#bf8700", "border-width": 4, height: 58 } },
    { selector: "node.change-added", style: { "border-color": "#1a7f37", "border-width": 4, "border-style": "double", height: 58 } },
    { selector: "node.change-removed", style: { "border-color": "#cf222e", "border-width": 4, "border-style": "dashed", opacity: 0.8, height: 58 } },
    {
      selector: "edge",
      style: {
        width: 1.5,
        "curve-style": "bezier",
        "target-arrow-shape": "triangle",
        "line-color": "#8c959f",
        "target-arrow-color": "#8c959f",
        label: "data(label)",
        "font-size": 9,
        "min-zoomed-font-size": 7,
        color: "#57606a",
        "text-background-color": "#f7f8fa",
        "text-background-opacity": 1,
        "text-background-padding": 2,
      },
    },
    { selector: "edge.via-depends", style: { "line-style": "dotted" } },
    { selector: "edge.via-if", style: { "line-style": "dashed", "line-color": "#1a7f37", "target-arrow-color": "#1a7f37" } },
    { selector: "edge.via-else", style: { "line-style": "dashed", "line-color": "#cf222e", "target-arrow-color": "#cf222e" } },
    { selector: "edge.edge-added", style: { width: 3, "line-color": "#1a7f37", "target-arrow-color": "#1a7f37" } },
    { selector: "edge.edge-removed", style: { width: 3, "line-style": "dashed", "line-color": "#cf222e", "target-arrow-color": "#cf222e" } },
  ];
  for (const [status, color] of Object.entries(STATUS_COLORS)) {
    s.splice(1, 0, { selector: `node.status-${status}`, style: { "background-color": color } });
  }
  return s;
}

function layout(options) {
  return {
    name: "dagre",
    rankDir: options.direction === "TB" ? "TB" : "LR",
    nodeSep: 24,
    rankSep: 70,
    edgeSep: 10,
    fit: true,
    padding: 20,
    animate: false,
  };
}

// Same nodes and edges (by id, source and target): only data and classes changed.
function sameStructure(cy, elements) {
  if (cy.elements().length !== elements.length) return false;
  for (const el of elements) {
    const existing = cy.getElementById(el.data.id);
    if (existing.empty()) return false;
    if (el.group === "edges" && (existing.data("source") !== el.data.source || existing.data("target") !== el.data.target)) {
      return false;
    }
  }
  return true;
}

export function renderGraph(cytoscape, dagre, containerId, elementsJson, optionsJson, onSelect) {
  const container = document.getElementById(containerId);
  if (!container) return;
  if (!dagreRegistered) {
    cytoscape.use(dagre);
    dagreRegistered = true;
  }
  handlers.set(containerId, onSelect);
  const elements = JSON.parse(elementsJson);
  const options = JSON.parse(optionsJson);
  let cy = graphs.get(containerId);
  if (cy && cy.container() === container && cy.scratch("_direction") === options.direction && sameStructure(cy, elements)) {
    cy.batch(() => {
      for (const el of elements) {
        const existing = cy.getElementById(el.data.id);
        existing.data(el.data);
        const keep = existing.hasClass("selected") ? " selected" : "";
        existing.classes(el.classes + keep);
      }
    });
    return;
  }
  if (cy) {
    const old = cy.scratch("_observer");
    if (old) old.disconnect();
    cy.destroy();
  }
  cy = cytoscape({
    container,
    elements,
    style: style(),
    // Laid out on the next frame: the container may only just have become visible.
    layout: { name: "preset" },
    minZoom: 0.05,
    maxZoom: 3,
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  cy.scratch("_direction", options.direction);
  cy.on("tap", "node", (event) => {
    const handler = handlers.get(containerId);
    if (handler) handler(event.target.data("step"));
  });
  graphs.set(containerId, cy);
  requestAnimationFrame(() => {
    if (cy.destroyed()) return;
    cy.resize();
    cy.layout(layout(options)).run();
    container.setAttribute("data-rendered", "true");
  });
  if (window.ResizeObserver) {
    const observer = new ResizeObserver(() => {
      if (!cy.destroyed()) cy.resize();
    });
    observer.observe(container);
    cy.scratch("_observer", observer);
  }
  // For tests and the curious: the live Cytoscape instance.
  window.lineageGraph = cy;
}

export function highlightGraph(containerId, highlightJson) {
  const cy = graphs.get(containerId);
  if (!cy) return;
  const h = JSON.parse(highlightJson);
  cy.batch(() => {
    cy.nodes().removeClass("selected related faded");
    if (h.selected) cy.getElementById(`step:${h.selected}`).addClass("selected");
    if (h.related && h.related.length) {
      const related = new Set(h.related);
      cy.nodes().forEach((n) => n.addClass(related.has(n.data("step")) ? "related" : "faded"));
    }
  });
}

export function fitGraph(containerId) {
  const cy = graphs.get(containerId);
  if (cy) cy.fit(undefined, 20);
}
