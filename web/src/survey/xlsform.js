// XLSForm expressions on the phone: the same grammar and the same XPath rules as the server's
// (engine/survey/form_expr.hpp), so that what the page shows, hides and refuses is what the server
// keeps. An answer is its text ("" when not given); = compares as numbers when either side is a
// number, < and > always as numbers (NaN compares false).
const FUNCS = {
  selected: [2, 2], 'count-selected': [1, 1], not: [1, 1], if: [3, 3], coalesce: [2, 2],
  concat: [1, 64], 'string-length': [1, 1], number: [1, 1], int: [1, 1], round: [1, 2],
  contains: [2, 2], 'starts-with': [2, 2], today: [0, 0], true: [0, 0], false: [0, 0],
  string: [1, 1], boolean: [1, 1], roster: [1, 1],
};

const NAME = /[A-Za-z0-9_\-.:\u0080-\uffff]/;

export function parse(text) {
  let pos = 0;
  const fail = (why) => { throw new Error(`${why} @${pos}`); };
  const skip = () => { while (pos < text.length && /\s/.test(text[pos])) pos += 1; };
  const eat = (token) => {
    skip();
    if (!text.startsWith(token, pos)) return false;
    if (/[A-Za-z]/.test(token[0]) && pos + token.length < text.length && NAME.test(text[pos + token.length])) return false;
    pos += token.length;
    return true;
  };
  const bin = (op, a, b) => ({ op, kids: [a, b] });
  function orExpr() { let n = andExpr(); while (eat('or')) n = bin('or', n, andExpr()); return n; }
  function andExpr() { let n = eqExpr(); while (eat('and')) n = bin('and', n, eqExpr()); return n; }
  function eqExpr() {
    let n = relExpr();
    for (;;) {
      if (eat('!=')) n = bin('!=', n, relExpr());
      else if (eat('=')) n = bin('=', n, relExpr());
      else return n;
    }
  }
  function relExpr() {
    let n = addExpr();
    for (;;) {
      if (eat('<=')) n = bin('<=', n, addExpr());
      else if (eat('>=')) n = bin('>=', n, addExpr());
      else if (eat('<')) n = bin('<', n, addExpr());
      else if (eat('>')) n = bin('>', n, addExpr());
      else return n;
    }
  }
  function addExpr() {
    let n = mulExpr();
    for (;;) {
      if (eat('+')) n = bin('+', n, mulExpr());
      else if (eat('-')) n = bin('-', n, mulExpr());
      else return n;
    }
  }
  function mulExpr() {
    let n = unary();
    for (;;) {
      if (eat('*')) n = bin('*', n, unary());
      else if (eat('div')) n = bin('div', n, unary());
      else if (eat('mod')) n = bin('mod', n, unary());
      else return n;
    }
  }
  function unary() { return eat('-') ? { op: 'neg', kids: [unary()] } : primary(); }
  function primary() {
    skip();
    if (pos >= text.length) fail('incomplete');
    const c = text[pos];
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, pos + 1);
      if (close < 0) fail('unclosed string');
      const value = text.slice(pos + 1, close);
      pos = close + 1;
      return { op: 'lit', value };
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[pos + 1] || ''))) {
      const m = /^[0-9.]+/.exec(text.slice(pos));
      pos += m[0].length;
      const value = Number(m[0]);
      if (Number.isNaN(value)) fail('bad number');
      return { op: 'lit', value };
    }
    if (c === '$') {
      const close = text.indexOf('}', pos + 2);
      if (text[pos + 1] !== '{' || close < 0) fail('bad reference');
      const name = text.slice(pos + 2, close);
      pos = close + 1;
      return { op: 'ref', name };
    }
    if (c === '(') {
      pos += 1;
      const n = orExpr();
      if (!eat(')')) fail('missing )');
      return n;
    }
    if (c === '.') { pos += 1; return { op: 'cur' }; }
    const m = /^[A-Za-z][A-Za-z0-9_\-:]*/.exec(text.slice(pos));
    if (!m) fail(`unexpected ${c}`);
    pos += m[0].length;
    const name = m[0];
    if (!FUNCS[name] || !eat('(')) fail(`unknown ${name}`);
    const kids = [];
    if (!eat(')')) {
      do kids.push(orExpr()); while (eat(','));
      if (!eat(')')) fail('missing )');
    }
    const [min, max] = FUNCS[name];
    if (kids.length < min || kids.length > max) fail(`${name}() arguments`);
    return { op: 'call', name, kids };
  }
  skip();
  const root = orExpr();
  skip();
  if (pos !== text.length) fail('trailing text');
  return root;
}

export function toText(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return String(v);
}
export function toNumber(v) {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const t = v.trim();
  return /^-?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(t) ? Number(t) : NaN;
}
export function toBool(v) {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return v !== '';
}
function equal(a, b) {
  if (typeof a === 'boolean' || typeof b === 'boolean') return toBool(a) === toBool(b);
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a) === toNumber(b);
  return a === b;
}
const words = (s) => s.split(' ').filter((w) => w);

// ctx: { answer(name) → text, current, today, roster(field) → value | undefined }
export function evaluate(n, ctx) {
  const ev = (k) => evaluate(k, ctx);
  switch (n.op) {
    case 'lit': return n.value;
    case 'ref': return ctx.answer(n.name);
    case 'cur': return ctx.current || '';
    case 'or': return toBool(ev(n.kids[0])) || toBool(ev(n.kids[1]));
    case 'and': return toBool(ev(n.kids[0])) && toBool(ev(n.kids[1]));
    case '=': return equal(ev(n.kids[0]), ev(n.kids[1]));
    case '!=': return !equal(ev(n.kids[0]), ev(n.kids[1]));
    case 'neg': return -toNumber(ev(n.kids[0]));
    case 'call': return call(n, ctx, ev);
    default: break;
  }
  const a = toNumber(ev(n.kids[0]));
  const b = toNumber(ev(n.kids[1]));
  switch (n.op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case 'div': return a / b;
    case 'mod': return a % b;
    default: return NaN;
  }
}

function call(n, ctx, ev) {
  const arg = (i) => ev(n.kids[i]);
  switch (n.name) {
    case 'if': return toBool(arg(0)) ? arg(1) : arg(2);
    case 'not': return !toBool(arg(0));
    case 'true': return true;
    case 'false': return false;
    case 'today': return ctx.today || '';
    case 'boolean': return toBool(arg(0));
    case 'string': return toText(arg(0));
    case 'number': return toNumber(arg(0));
    case 'int': return Math.trunc(toNumber(arg(0)));
    case 'round': {
      const scale = 10 ** (n.kids.length > 1 ? toNumber(arg(1)) : 0);
      return Math.floor(toNumber(arg(0)) * scale + 0.5) / scale;
    }
    case 'coalesce': { const a = toText(arg(0)); return a === '' ? toText(arg(1)) : a; }
    case 'concat': return n.kids.map((_, i) => toText(arg(i))).join('');
    case 'string-length': return [...toText(arg(0))].length;
    case 'contains': return toText(arg(0)).includes(toText(arg(1)));
    case 'starts-with': return toText(arg(0)).startsWith(toText(arg(1)));
    case 'selected': return words(toText(arg(0))).includes(toText(arg(1)));
    case 'count-selected': return words(toText(arg(0))).length;
    case 'roster': { const v = ctx.roster ? ctx.roster(n.kids[0].value) : undefined; return v === undefined ? '' : v; }
    default: return '';
  }
}

const cache = new Map();
export function holds(text, ctx) {
  if (!text) return true;
  let node = cache.get(text);
  if (!node) { node = parse(text); cache.set(text, node); }
  return toBool(evaluate(node, ctx));
}
export function compute(text, ctx) {
  let node = cache.get(text);
  if (!node) { node = parse(text); cache.set(text, node); }
  return toText(evaluate(node, ctx));
}
