// The REST API (/api/v1) as the browser uses it: the login's token in this tab's session
// storage, the page's language for the answers, problem details turned into errors that name
// their fields.
import { lang } from './i18n.js';

const TOKEN = 'duban.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || '';
    this.problem = problem;
    this.fields = {};
    for (const e of problem.errors || []) this.fields[e.field || 'body'] = e.message;
  }
}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN) || ''; },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN, value); else sessionStorage.removeItem(TOKEN);
  },
  me: null,
};

let onUnauthenticated = () => {};
export function whenLoggedOut(callback) { onUnauthenticated = callback; }

// fetch /api/v1 + path; JSON in and out. `body`: an object (JSON) or a Blob/File (sent as is).
export async function api(path, { method = 'GET', body, headers = {}, raw = false } = {}) {
  const h = { 'Accept-Language': lang(), Accept: 'application/json', ...headers };
  if (session.token) h.Authorization = `Bearer ${session.token}`;
  let payload = body;
  if (body !== undefined && !(body instanceof Blob)) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(`/api/v1${path}`, { method, headers: h, body: payload, cache: 'no-store' });
  if (raw && response.ok) return response;
  const text = await response.text();
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch { data = { detail: text }; }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && path !== '/auth/login') {
      session.token = '';
      session.me = null;
      onUnauthenticated(error);
    }
    throw error;
  }
  return data;
}

// A file (evidence, a workbook) fetched with the login's token (a plain link would go without it)
// and saved under `name`.
export async function download(path, name) {
  const r = await api(path.replace(/^\/api\/v1/, ''), { raw: true });
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
