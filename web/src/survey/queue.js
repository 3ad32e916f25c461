// 待发送: answers filled on the phone wait here (IndexedDB, so they outlive a closed tab and a
// dead battery) until the network is back; each carries its own id (instance), sent as the
// Idempotency-Key too, so a submission the server stored but whose answer was lost is not
// stored twice when it is sent again.
const DB = 'duban-survey';
const STORE = 'queue';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'instance' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(result && 'result' in result ? result.result : undefined); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

export const queue = {
  put: (entry) => run('readwrite', (s) => s.put(entry)),
  remove: (instance) => run('readwrite', (s) => s.delete(instance)),
  all: () => run('readonly', (s) => s.getAll()),
};

// A submission's own id: a UUID (crypto.randomUUID needs a secure context; getRandomValues not).
export function newInstance() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
