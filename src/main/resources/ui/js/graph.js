// A session's blocks as a graph in inline SVG: one column per depth of requirements (a block sits
// right of every block it requires), blocks ordered by creation within a column, arrows from the
// required block to the one that needs it. Sequential and pipeline sessions also show their run
// order as dashed arrows. Each block is a link to its page.

import {s} from './dom.js';

export const MAX_BLOCKS = 150;
const NODE_W = 168;
const NODE_H = 40;
const GAP_X = 56;
const GAP_Y = 14;
const COLORS = {PREP: '#6b5bd3', STANDBY: '#7a8496', RUNNING: '#2f6fd6', SUCCESS: '#1f8a4c', ERROR: '#c4332b',
  BLOCKER: '#8e1f63', TIMEOUT: '#d9622b', CANCELLED: '#4a5160', SKIPPED: '#9aa3b2'};

/** Depth of each block: 0 without requirements, else one more than the deepest block it requires. */
function depths(blocks) {
  const byId = new Map(blocks.map(b => [b.id.toLowerCase(), b]));
  const depth = new Map();
  for (const b of blocks) { // requirements name earlier blocks only, so one pass in seq order suffices
    let d = 0;
    for (const r of b.require || []) {
      const required = byId.get(r.toLowerCase());
      if (required && depth.has(required.token)) d = Math.max(d, depth.get(required.token) + 1);
    }
    depth.set(b.token, d);
  }
  return depth;
}

export function graph(session, onOpen) {
  const blocks = [...session.blocks].sort((a, b) => a.seq - b.seq);
  const depth = depths(blocks);
  const columns = [];
  for (const b of blocks) (columns[depth.get(b.token)] ||= []).push(b);
  const position = new Map();
  columns.forEach((column, x) => column.forEach((b, y) => position.set(b.token, {
    x: 10 + x * (NODE_W + GAP_X), y: 10 + y * (NODE_H + GAP_Y)})));
  const width = 20 + columns.length * (NODE_W + GAP_X) - GAP_X;
  const height = 20 + Math.max(...columns.map(c => c.length)) * (NODE_H + GAP_Y) - GAP_Y;
  const byId = new Map(blocks.map(b => [b.id.toLowerCase(), b]));
  const edges = [];
  for (const b of blocks) {
    for (const r of b.require || []) {
      const from = byId.get(r.toLowerCase());
      if (from) edges.push(edge(position.get(from.token), position.get(b.token), 'edge'));
    }
  }
  if (session.mode !== 'parallel') {
    for (let i = 1; i < blocks.length; i++) {
      const required = (blocks[i].require || []).map(r => r.toLowerCase());
      if (!required.includes(blocks[i - 1].id.toLowerCase())) {
        edges.push(edge(position.get(blocks[i - 1].token), position.get(blocks[i].token), 'edge order'));
      }
    }
  }
  return s('svg', {width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'block graph',
    id: 'block-graph'},
    s('defs', {}, s('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
      orient: 'auto-start-reverse'}, s('path', {d: 'M 0 0 L 10 5 L 0 10 z', fill: '#98a2b3'}))),
    edges, blocks.map(b => node(b, position.get(b.token), onOpen)));
}

function edge(from, to, cls) {
  const x1 = from.x + NODE_W;
  const y1 = from.y + NODE_H / 2;
  let x2 = to.x;
  const y2 = to.y + NODE_H / 2;
  if (to.x <= from.x) { // same column (run order): go round the right side
    const bend = from.x + NODE_W + GAP_X / 2;
    return s('path', {class: cls, d: `M ${x1} ${y1} C ${bend} ${y1}, ${bend} ${y2}, ${to.x + NODE_W} ${y2}`,
      'marker-end': 'url(#arrow)'});
  }
  const mid = (x1 + x2) / 2;
  return s('path', {class: cls, d: `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`, 'marker-end': 'url(#arrow)'});
}

function node(block, at, onOpen) {
  const label = block.id.length > 18 ? block.id.slice(0, 17) + '…' : block.id;
  return s('g', {class: 'node', transform: `translate(${at.x} ${at.y})`, 'data-block': block.id,
    'data-status': block.status, tabindex: 0, onclick: () => onOpen(block),
    onkeydown: e => { if (e.key === 'Enter') onOpen(block); }},
  s('title', {}, `${block.id}: ${block.status}${block.require && block.require.length ? ' (requires ' +
    block.require.join(', ') + ')' : ''}`),
  s('rect', {width: NODE_W, height: NODE_H, rx: 6, fill: COLORS[block.status] || '#7a8496'}),
  s('text', {x: 10, y: 17, 'font-weight': 600}, label),
  s('text', {x: 10, y: 32, 'font-size': 11, opacity: 0.9}, block.status +
    (block.attempts > 1 ? ` · ${block.attempts} attempts` : '')));
}
