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
        // 14 model pixels: at the fit zoom of a graph up to ~30 steps (0.8 or more,
        // see `readableFit`) a label is at least 11 CSS pixels; in bigger graphs
        // labels appear as soon as a zoom makes them 8 pixels or more.
        "font-size": 14,
        "min-zoomed-font-size": 8,
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
    { selector: "node.faded", style: { opacity: 0.25 } },
    // A focus: its centre, what is upstream (violet, dashed) and downstream (teal,
    // double) of it; border styles differ too, so colour is not the only cue.
    { selector: "node.focus-centre", style: { "border-color": "#111", "border-width": 5 } },
    { selector: "node.upstream", style: { "border-color": "#8250df", "border-width": 4, "border-style": "dashed" } },
    { selector: "node.downstream", style: { "border-color": "#0a7b83", "border-width": 5, "border-style": "double" } },
    // The critical path: a halo behind its steps and thick edges between them.
    { selector: "node.critical", style: { "underlay-color": "#fb8f44", "underlay-padding": 9, "underlay-opacity": 0.55, "underlay-shape": "round-rectangle" } },
    // What a filter leaves out is not drawn (its edges go with it).
    { selector: "node.hidden", style: { display: "none" } },
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
    // After the edge styles they override: the critical path's edges, and faded ones.
    { selector: "edge.critical", style: { width: 5, "line-color": "#fb8f44", "target-arrow-color": "#fb8f44", "z-index": 9 } },
    { selector: "edge.faded", style: { opacity: 0.15 } },
  ];
  for (const [status, color] of Object.entries(STATUS_COLORS)) {
    s.splice(1, 0, { selector: `node.status-${status}`, style: { "background-color": color } });
  }
  return s;
}

// The widest a fit may zoom in: a small graph is not blown up.
const MAX_FIT_ZOOM = 1.25;

function layout(direction, animate) {
  return {
    name: "dagre",
    rankDir: direction === "TB" ? "TB" : "LR",
    nodeSep: 24,
    rankSep: 70,
    edgeSep: 10,
    fit: false,
    animate,
    animationDuration: 300,
  };
}

// The tallest the canvas grows: most of the window, and enough for a dozen steps
// side by side to be readable.
function maxHeight() {
  return Math.max(Math.round(window.innerHeight * 0.85), 760);
}

// The zoom at which the laid-out graph fits a canvas `width` wide and at most
// `maxHeight()` tall.
function fitZoom(cy, width) {
  const bb = cy.elements().boundingBox();
  const pad = 40;
  return Math.min(MAX_FIT_ZOOM, (width - pad) / Math.max(bb.w, 1), (maxHeight() - pad) / Math.max(bb.h, 1));
}

// Lays the graph out in `direction`, or for `auto` in whichever direction shows it
// larger; then the canvas takes the graph's aspect ratio (no fixed tall box with
// the graph a thin strip in it) and the graph is fitted.
function arrange(cy, container, direction, animate) {
  let chosen = direction;
  if (direction !== "LR" && direction !== "TB") {
    // Two dagre runs of a few hundred steps take a few milliseconds; beyond that the
    // left-to-right default stands.
    const width = container.clientWidth || 800;
    if (cy.nodes().length <= 300) {
      cy.layout(layout("TB", false)).run();
      const tb = fitZoom(cy, width);
      cy.layout(layout("LR", false)).run();
      chosen = fitZoom(cy, width) >= tb ? "LR" : "TB";
      if (chosen === "TB") cy.layout(layout("TB", false)).run();
    } else {
      chosen = "LR";
      cy.layout(layout("LR", false)).run();
    }
  } else {
    // Positions move smoothly from one direction to the other.
    const l = cy.layout(layout(direction, animate));
    if (animate) {
      l.one("layoutstop", () => {
        fitCanvas(cy, container, true);
        overviewMap(cy, container);
      });
      l.run();
      container.setAttribute("data-direction", chosen);
      return;
    }
    l.run();
  }
  container.setAttribute("data-direction", chosen);
  fitCanvas(cy, container, false);
  overviewMap(cy, container);
}

// The canvas's height follows the graph's aspect ratio (within bounds), then the
// graph is fitted, zooming in no further than MAX_FIT_ZOOM.
function fitCanvas(cy, container, animate) {
  const bb = cy.elements(":visible").boundingBox();
  const width = container.clientWidth || 800;
  const zoom = Math.min(MAX_FIT_ZOOM, (width - 40) / Math.max(bb.w, 1), (maxHeight() - 40) / Math.max(bb.h, 1));
  const height = Math.min(maxHeight(), Math.max(200, Math.round(bb.h * zoom + 40)));
  container.style.height = `${height}px`;
  cy.resize();
  fitInto(cy, animate);
}

// Below this fit zoom labels are not readable at fit, and a small map of the whole
// graph shows where the view is (click or drag on it to go there).
const MAP_BELOW_ZOOM = 0.8;
const MAP_WIDTH = 180;

function overviewMap(cy, container) {
  const frame = container.parentElement;
  let map = cy.scratch("_map");
  const bb = cy.elements().boundingBox();
  const needed = fitZoom(cy, container.clientWidth || 800) < MAP_BELOW_ZOOM;
  if (!needed) {
    if (map) map.canvas.hidden = true;
    return;
  }
  if (!map) {
    const canvas = document.createElement("canvas");
    canvas.className = "graph-map";
    canvas.setAttribute("data-testid", "graph-map");
    canvas.setAttribute("aria-hidden", "true");
    canvas.title = "Overview: click or drag to move the view";
    frame.appendChild(canvas);
    map = { canvas, nodes: null, frame: 0 };
    cy.scratch("_map", map);
    const go = (event) => {
      const r = canvas.getBoundingClientRect();
      const m = map.model;
      if (!m) return;
      const x = m.x1 + (event.clientX - r.left) / m.scale;
      const y = m.y1 + (event.clientY - r.top) / m.scale;
      cy.pan({ x: cy.width() / 2 - x * cy.zoom(), y: cy.height() / 2 - y * cy.zoom() });
    };
    canvas.addEventListener("pointerdown", (event) => {
      canvas.setPointerCapture(event.pointerId);
      go(event);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (canvas.hasPointerCapture(event.pointerId)) go(event);
    });
    cy.on("viewport resize", () => drawMap(cy));
    cy.on("destroy", () => canvas.remove());
  }
  map.canvas.hidden = false;
  const scale = MAP_WIDTH / Math.max(bb.w, 1);
  const height = Math.max(40, Math.min(220, Math.round(bb.h * scale)));
  const s = Math.min(scale, height / Math.max(bb.h, 1));
  map.model = { x1: bb.x1, y1: bb.y1, scale: s };
  map.canvas.width = MAP_WIDTH;
  map.canvas.height = height;
  // The steps, drawn once per layout; the view's rectangle on every pan and zoom.
  const layer = document.createElement("canvas");
  layer.width = MAP_WIDTH;
  layer.height = height;
  const g = layer.getContext("2d");
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, MAP_WIDTH, height);
  cy.nodes(":visible").forEach((n) => {
    const b = n.boundingBox({ includeLabels: false });
    g.fillStyle = n.style("background-color");
    g.fillRect((b.x1 - bb.x1) * s, (b.y1 - bb.y1) * s, Math.max(2, b.w * s), Math.max(2, b.h * s));
  });
  map.nodes = layer;
  drawMap(cy);
}

function drawMap(cy) {
  const map = cy.scratch("_map");
  if (!map || map.canvas.hidden || !map.nodes || map.frame) return;
  map.frame = requestAnimationFrame(() => {
    map.frame = 0;
    const g = map.canvas.getContext("2d");
    g.drawImage(map.nodes, 0, 0);
    const e = cy.extent();
    const m = map.model;
    const rect = [(e.x1 - m.x1) * m.scale, (e.y1 - m.y1) * m.scale, e.w * m.scale, e.h * m.scale];
    g.strokeStyle = "#0969da";
    g.lineWidth = 2;
    g.strokeRect(...rect);
    // For tests: the view's rectangle in map pixels.
    map.canvas.setAttribute("data-view", rect.map((v) => Math.round(v)).join(","));
  });
}

function fitInto(cy, animate) {
  const eles = cy.elements(":visible");
  const width = cy.width();
  const height = cy.height();
  const bb = eles.boundingBox();
  const zoom = Math.min(MAX_FIT_ZOOM, (width - 40) / Math.max(bb.w, 1), (height - 40) / Math.max(bb.h, 1));
  const pan = { x: (width - zoom * (bb.x1 + bb.x2)) / 2, y: (height - zoom * (bb.y1 + bb.y2)) / 2 };
  if (animate) cy.animate({ zoom, pan }, { duration: 250 });
  else cy.viewport({ zoom, pan });
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
  if (cy && cy.container() === container && sameStructure(cy, elements)) {
    // The same graph: statuses and labels change in place, and the marks
    // (selection, focus, ...) stay until `highlightGraph` sets them again. Pan,
    // zoom and positions stay, so a running execution's refresh does not move it.
    cy.batch(() => {
      for (const el of elements) {
        const existing = cy.getElementById(el.data.id);
        existing.data(el.data);
        const marks = MARKS.split(" ").filter((m) => existing.hasClass(m));
        existing.classes([el.classes, ...marks].join(" "));
      }
    });
    if (cy.scratch("_direction") !== options.direction) {
      cy.scratch("_direction", options.direction);
      arrange(cy, container, options.direction, true);
    }
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
    minZoom: 0.02,
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
    arrange(cy, container, options.direction, false);
    container.setAttribute("data-rendered", "true");
    // For the benchmark: when the first drawing was done, from navigation start.
    container.setAttribute("data-rendered-ms", String(Math.round(performance.now())));
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

const MARKS = "selected related faded upstream downstream focus-centre critical hidden";

export function highlightGraph(containerId, highlightJson) {
  const cy = graphs.get(containerId);
  if (!cy) return;
  const h = JSON.parse(highlightJson);
  const step = (name) => cy.getElementById(`step:${name}`);
  cy.batch(() => {
    cy.elements().removeClass(MARKS);
    const hidden = new Set(h.hidden || []);
    if (hidden.size) cy.nodes().forEach((n) => { if (hidden.has(n.data("step"))) n.addClass("hidden"); });
    if (h.selected) step(h.selected).addClass("selected");
    if (h.related && h.related.length) {
      const related = new Set(h.related);
      cy.nodes().forEach((n) => n.addClass(related.has(n.data("step")) ? "related" : "faded"));
    }
    if (h.focus) {
      const up = new Set(h.focus.upstream);
      const down = new Set(h.focus.downstream);
      cy.nodes().forEach((n) => {
        const s = n.data("step");
        n.removeClass("faded related");
        if (s === h.focus.step) n.addClass("focus-centre");
        else if (up.has(s)) n.addClass("upstream");
        else if (down.has(s)) n.addClass("downstream");
        else n.addClass("faded");
      });
    }
    cy.edges().forEach((e) => { if (e.source().hasClass("faded") || e.target().hasClass("faded")) e.addClass("faded"); });
    const path = h.critical || [];
    path.forEach((s, i) => {
      step(s).addClass("critical");
      if (i > 0) {
        const from = path[i - 1];
        cy.edges().filter((e) => e.source().data("step") === from && e.target().data("step") === s).addClass("critical");
      }
    });
  });
  // A step found by the search is brought into view, once (later marks of the same
  // selection leave the user's pan alone).
  if (h.centre && h.selected && cy.scratch("_centred") !== h.selected) {
    const n = step(h.selected);
    if (n.nonempty()) {
      cy.stop();
      cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 0.9) }, { duration: 250 });
    }
  }
  cy.scratch("_centred", h.centre ? h.selected : null);
}

export function fitGraph(containerId) {
  const cy = graphs.get(containerId);
  if (cy) fitInto(cy, true);
}
