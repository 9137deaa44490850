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
        // see `fitCanvas`) a label is at least 11 CSS pixels; in bigger graphs
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

function layout(direction, animate, big) {
  return {
    name: "dagre",
    // network-simplex (dagre's default) ranks best; tight-tree ranks a graph of
    // hundreds of steps a third faster, alike for pipeline-shaped graphs.
    ranker: big ? "tight-tree" : "network-simplex",
    rankDir: direction === "TB" ? "TB" : "LR",
    nodeSep: 24,
    rankSep: 70,
    edgeSep: 10,
    fit: false,
    animate,
    animationDuration: 300,
  };
}

// Up to this many steps `auto` lays the graph out both ways and keeps the larger.
const EXACT_AUTO_UP_TO = 60;

// The direction whose fit is larger, from the longest-path ranks: left to right the
// graph is about ranks × (node width + rank gap) wide and the widest rank × (node
// height + node gap) high; top down the other way round.
function estimatedDirection(cy, width) {
  const rank = new Map();
  const incoming = new Map(cy.nodes().map((n) => [n.id(), n.incomers("node").length]));
  let frontier = cy.nodes().filter((n) => incoming.get(n.id()) === 0).map((n) => n.id());
  frontier.forEach((id) => rank.set(id, 0));
  while (frontier.length) {
    const next = [];
    for (const id of frontier) {
      cy.getElementById(id).outgoers("node").forEach((m) => {
        rank.set(m.id(), Math.max(rank.get(m.id()) ?? 0, rank.get(id) + 1));
        incoming.set(m.id(), incoming.get(m.id()) - 1);
        if (incoming.get(m.id()) === 0) next.push(m.id());
      });
    }
    frontier = next;
  }
  const perRank = new Map();
  for (const r of rank.values()) perRank.set(r, (perRank.get(r) || 0) + 1);
  const ranks = Math.max(1, perRank.size);
  const widest = Math.max(1, ...perRank.values());
  const h = maxHeight() - PAD;
  const w = width - PAD;
  const lr = Math.min(w / (ranks * 220), h / (widest * 68));
  const tb = Math.min(w / (widest * 174), h / (ranks * 114));
  return lr >= tb ? "LR" : "TB";
}

// The tallest the canvas grows: most of the window, and enough for a dozen steps
// side by side to be readable.
function maxHeight() {
  return Math.max(Math.round(window.innerHeight * 0.85), 760);
}

// Room left around a fitted graph, in CSS pixels.
const PAD = 40;

// The zoom that fits a bounding box into `width` × `height` (never above MAX_FIT_ZOOM).
function zoomFor(bb, width, height) {
  return Math.min(MAX_FIT_ZOOM, (width - PAD) / Math.max(bb.w, 1), (height - PAD) / Math.max(bb.h, 1));
}

// The zoom at which the laid-out graph fits a canvas `width` wide and at most
// `maxHeight()` tall.
function fitZoom(cy, width) {
  return zoomFor(cy.elements().boundingBox(), width, maxHeight());
}

// The direction in which the graph shows larger. Up to EXACT_AUTO_UP_TO steps both
// layouts are run and measured (a few milliseconds), then the positions are put
// back, so that the chosen layout can move them there smoothly; a dagre run of 500
// steps takes ~200 ms, so a bigger graph's direction is estimated from its ranks
// (how many, how wide).
function chooseDirection(cy, width) {
  if (cy.nodes().length > EXACT_AUTO_UP_TO) return estimatedDirection(cy, width);
  const before = new Map(cy.nodes().map((n) => [n.id(), { ...n.position() }]));
  cy.layout(layout("TB", false)).run();
  const tb = fitZoom(cy, width);
  cy.layout(layout("LR", false)).run();
  const lr = fitZoom(cy, width);
  cy.batch(() => cy.nodes().forEach((n) => n.position(before.get(n.id()))));
  return lr >= tb ? "LR" : "TB";
}

// Lays the graph out in `direction`, or for `auto` in whichever direction shows it
// larger; then the canvas takes the graph's aspect ratio (no fixed tall box with
// the graph a thin strip in it) and the graph is fitted. With `animate` (a switch
// of direction on a drawn graph) the steps move from where they are.
function arrange(cy, container, direction, animate) {
  const big = cy.nodes().length > EXACT_AUTO_UP_TO;
  const chosen = direction === "LR" || direction === "TB" ? direction : chooseDirection(cy, container.clientWidth || 800);
  container.setAttribute("data-direction", chosen);
  const l = cy.layout(layout(chosen, animate, big));
  if (animate) {
    l.one("layoutstop", () => {
      placeEdgeLabels(cy);
      fitCanvas(cy, container, true);
      overviewMap(cy, container);
    });
    l.run();
    return;
  }
  l.run();
  if (big) {
    // A big graph is drawn first; its edge labels (too small to show at fit anyway)
    // find their places and the map is drawn just after.
    fitCanvas(cy, container, false);
    setTimeout(() => {
      if (cy.destroyed()) return;
      placeEdgeLabels(cy);
      overviewMap(cy, container);
    }, 0);
    return;
  }
  placeEdgeLabels(cy);
  fitCanvas(cy, container, false);
  overviewMap(cy, container);
}

// The canvas's height follows the graph's aspect ratio (within bounds), then the
// graph is fitted, zooming in no further than MAX_FIT_ZOOM.
function fitCanvas(cy, container, animate) {
  const bb = cy.elements(":visible").boundingBox();
  const zoom = zoomFor(bb, container.clientWidth || 800, maxHeight());
  const height = Math.min(maxHeight(), Math.max(200, Math.round(bb.h * zoom + PAD)));
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

// Edge labels sit at the middle of their edge, which for an edge spanning ranks can
// be on a step. Such a label moves along its edge to the first spot clear of every
// step; with none, it is not drawn (the step panels name every input and output).
function placeEdgeLabels(cy) {
  const steps = cy.nodes(":visible").map((n) => n.boundingBox({ includeLabels: true, includeOverlays: false }));
  const onStep = (b) => steps.some((n) => b.x1 < n.x2 && b.x2 > n.x1 && b.y1 < n.y2 && b.y2 > n.y1);
  const labelBox = (e) =>
    e.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeMainLabels: true, includeSourceLabels: false, includeTargetLabels: false, includeOverlays: false });
  cy.batch(() => {
    cy.edges().forEach((e) => {
      e.removeStyle("text-margin-x text-margin-y text-opacity");
      e.removeClass("label-hidden");
    });
  });
  cy.batch(() => {
    cy.edges(":visible").forEach((e) => {
      if (!e.data("label")) return;
      const lb = labelBox(e);
      if (!onStep(lb)) return;
      const s = e.sourceEndpoint();
      const t = e.targetEndpoint();
      const mid = { x: (lb.x1 + lb.x2) / 2, y: (lb.y1 + lb.y2) / 2 };
      for (const f of [0.35, 0.65, 0.25, 0.75, 0.15, 0.85]) {
        const dx = s.x + (t.x - s.x) * f - mid.x;
        const dy = s.y + (t.y - s.y) * f - mid.y;
        if (!onStep({ x1: lb.x1 + dx, x2: lb.x2 + dx, y1: lb.y1 + dy, y2: lb.y2 + dy })) {
          e.style({ "text-margin-x": dx, "text-margin-y": dy });
          return;
        }
      }
      e.style("text-opacity", 0);
      e.addClass("label-hidden");
    });
  });
}

function fitInto(cy, animate) {
  const eles = cy.elements(":visible");
  const width = cy.width();
  const height = cy.height();
  const bb = eles.boundingBox();
  const zoom = zoomFor(bb, width, height);
  const pan = { x: (width - zoom * (bb.x1 + bb.x2)) / 2, y: (height - zoom * (bb.y1 + bb.y2)) / 2 };
  cy.scratch("_fit", { zoom, pan });
  if (animate) {
    cy.stop();
    cy.animate({ zoom, pan }, { duration: 250 });
  } else cy.viewport({ zoom, pan });
}

// Whether the view is where the last fit put it (the user has not panned or zoomed
// since; an animation towards it counts as there).
function atFit(cy) {
  const f = cy.scratch("_fit");
  if (!f) return true;
  if (cy.animated()) return true;
  const p = cy.pan();
  return Math.abs(cy.zoom() - f.zoom) <= 1e-3 * f.zoom && Math.abs(p.x - f.pan.x) < 1 && Math.abs(p.y - f.pan.y) < 1;
}

// Whether some drawn step lies (partly) outside the view.
function outOfView(cy) {
  const e = cy.extent();
  return cy.nodes(":visible").some((n) => {
    const b = n.boundingBox({ includeLabels: false });
    return b.x1 < e.x1 || b.x2 > e.x2 || b.y1 < e.y1 || b.y2 > e.y2;
  });
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
  // The marks each node should carry...
  const want = new Map();
  const mark = (name, cls) => {
    if (!want.has(name)) want.set(name, new Set());
    want.get(name).add(cls);
  };
  for (const s of h.hidden || []) mark(s, "hidden");
  if (h.selected) mark(h.selected, "selected");
  const related = new Set(h.related || []);
  const up = new Set(h.focus ? h.focus.upstream : []);
  const down = new Set(h.focus ? h.focus.downstream : []);
  cy.nodes().forEach((n) => {
    const s = n.data("step");
    if (h.focus) {
      if (s === h.focus.step) mark(s, "focus-centre");
      else if (up.has(s)) mark(s, "upstream");
      else if (down.has(s)) mark(s, "downstream");
      else mark(s, "faded");
    } else if (related.size) {
      mark(s, related.has(s) ? "related" : "faded");
    }
  });
  const path = h.critical || [];
  path.forEach((s) => mark(s, "critical"));
  const onPath = new Set(path.slice(1).map((s, i) => `${path[i]}>${s}`));
  // ... and only what changes is restyled: a focus change on a graph of hundreds of
  // steps touches the steps that enter or leave it, not every element.
  const add = new Map();
  const remove = new Map();
  const change = (ele, cls, on) => {
    if (ele.hasClass(cls) === on) return;
    const m = on ? add : remove;
    if (!m.has(cls)) m.set(cls, []);
    m.get(cls).push(ele);
  };
  const nodeMarks = MARKS.split(" ");
  cy.nodes().forEach((n) => {
    const w = want.get(n.data("step"));
    for (const cls of nodeMarks) change(n, cls, !!w && w.has(cls));
  });
  cy.edges().forEach((e) => {
    const from = e.source().data("step");
    const to = e.target().data("step");
    const faded = (want.get(from) || new Set()).has("faded") || (want.get(to) || new Set()).has("faded");
    change(e, "faded", faded);
    change(e, "critical", onPath.has(`${from}>${to}`));
  });
  cy.batch(() => {
    for (const [cls, eles] of remove) cy.collection(eles).removeClass(cls);
    for (const [cls, eles] of add) cy.collection(eles).addClass(cls);
  });
  // A filter shows other steps: edge labels find their places among them, the map
  // redraws, and the view fits what is shown, unless the user has moved it since the
  // last fit and everything shown is in view. (Before the first layout `arrange`
  // does all this.)
  const shownChanged = add.has("hidden") || remove.has("hidden");
  if (shownChanged && cy.scratch("_fit")) {
    placeEdgeLabels(cy);
    overviewMap(cy, cy.container());
    if (!h.centre && (atFit(cy) || outOfView(cy))) fitInto(cy, true);
  }
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
