// The authstate data-service page. Plain JavaScript, no dependencies, nothing fetched from
// elsewhere. Every piece of data goes into the page as text (textContent), never as HTML: keys,
// values and metadata are whatever clients stored, so they are treated as hostile.

(() => {
  const TOKEN_KEY = 'authstate.token';
  const HEALTH_EVERY_MS = 10_000;

  const $ = (id) => document.getElementById(id);
  const state = {
    view: 'tree',
    branch: '/', // selected branch (expiry histogram)
    entry: undefined, // selected entry key
    expanded: new Set(['/']),
    lastHealth: undefined,
    timer: undefined,
  };

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== undefined && c !== null) node.append(c);
    return node;
  }

  /** The key in a URL path: each segment percent-encoded, as the service expects. */
  function keyToPath(key) {
    if (key === '/') return '/';
    return key
      .split('/')
      .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
      .join('/');
  }

  const number = new Intl.NumberFormat('en');
  const fmt = (n) => number.format(n);

  /** "in 4 min", "2 h 5 min ago", … */
  function relative(ms) {
    const past = ms < 0;
    const s = Math.round(Math.abs(ms) / 1000);
    let text;
    if (s < 60) text = `${s} s`;
    else if (s < 3600) text = `${Math.floor(s / 60)} min`;
    else if (s < 86400) {
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      text = m ? `${h} h ${m} min` : `${h} h`;
    } else {
      const d = Math.floor(s / 86400);
      const h = Math.floor((s % 86400) / 3600);
      text = h ? `${d} d ${h} h` : `${d} d`;
    }
    return past ? `${text} ago` : `in ${text}`;
  }

  function bytes(n) {
    if (n < 1024) return `${fmt(n)} bytes`;
    const units = ['KiB', 'MiB', 'GiB'];
    let v = n;
    let u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return `${fmt(n)} bytes (${v.toFixed(1)} ${units[u]})`;
  }

  function seconds(s) {
    if (s === undefined) return '–';
    if (s === null) return 'over 5 s'; // past the last latency bucket
    if (s < 0.001) return `${(s * 1e6).toFixed(0)} µs`;
    if (s < 1) return `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms`;
    return `${s.toFixed(2)} s`;
  }

  function say(text, isError = false) {
    const st = $('status');
    st.textContent = text;
    st.classList.toggle('error', isError);
  }

  class Unauthorized extends Error {}

  /** GET a page route with the token; 401 signs out, other failures throw with the server's message. */
  async function api(path) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    let res;
    try {
      res = await fetch(path, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
    } catch {
      throw new Error('Cannot reach the data service; is it still running?');
    }
    if (res.status === 401) throw new Unauthorized('The data service refused this token.');
    if (res.status === 404) return undefined;
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`${res.status} ${body.error ?? ''}: ${body.message ?? 'request failed'}`);
    return body;
  }

  /** Runs a loading step; a refused token returns to the sign-in form, other errors are shown. */
  async function guarded(step) {
    try {
      await step();
      return true;
    } catch (e) {
      if (e instanceof Unauthorized) signOut(e.message);
      else say(e.message, true);
      return false;
    }
  }

  // ---- sign-in ----------------------------------------------------------------------------

  function showLogin(message = '') {
    clearInterval(state.timer);
    for (const id of ['tabs', 'actions', 'view-tree', 'view-expiry', 'view-health']) $(id).hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message;
    say('');
    $('token').focus();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.lastHealth = undefined;
    showLogin(message);
  }

  async function signIn(event) {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    try {
      await api('api/health');
    } catch (e) {
      sessionStorage.removeItem(TOKEN_KEY);
      $('login-error').textContent = e.message;
      return;
    }
    start();
  }

  function start() {
    $('login').hidden = true;
    $('tabs').hidden = false;
    $('actions').hidden = false;
    show(state.view);
    refresh();
  }

  // ---- views ------------------------------------------------------------------------------

  function show(view) {
    state.view = view;
    for (const b of $('tabs').querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.view === view));
    for (const v of ['tree', 'expiry', 'health']) $(`view-${v}`).hidden = v !== view;
    clearInterval(state.timer);
    if (view === 'expiry') guarded(loadExpiry);
    if (view === 'health') {
      guarded(loadHealth);
      state.timer = setInterval(() => document.visibilityState === 'visible' && guarded(loadHealth), HEALTH_EVERY_MS);
    }
  }

  async function refresh() {
    say('Reading…');
    const ok = await guarded(async () => {
      await loadTree();
      if (state.entry) await showEntry(state.entry);
      if (state.view === 'expiry') await loadExpiry();
      if (state.view === 'health') await loadHealth();
    });
    if (ok) say(`Read at ${new Date().toISOString().slice(11, 19)} UTC.`);
  }

  // ---- tree -------------------------------------------------------------------------------

  async function loadTree() {
    const root = $('tree');
    const node = await branchNode('/', '/', { entry: false, below: undefined });
    root.replaceChildren(node);
  }

  /** The `<li>` of one key: its row and, when expanded, its children. */
  async function branchNode(key, name, child) {
    const li = el('li', { 'data-key': key });
    const open = state.expanded.has(key);
    const hasBelow = child.below === undefined || child.below > 0;
    const toggle = el(
      'button',
      {
        type: 'button',
        class: 'toggle',
        'aria-label': open ? `Collapse ${key}` : `Expand ${key}`,
        'aria-expanded': String(open),
        disabled: !hasBelow,
        onclick: () => guarded(() => setExpanded(li, key, name, child, !open)),
      },
      open ? '▾' : '▸',
    );
    const label = el(
      'button',
      {
        type: 'button',
        class: `name${state.branch === key || state.entry === key ? ' selected' : ''}`,
        title: key,
        onclick: () => guarded(() => select(key, child)),
      },
      child.entry ? el('span', { class: 'dot', title: 'a live entry has this key' }, '● ') : null,
      name,
    );
    // A leaf entry shows when it expires; anything with entries below shows how many.
    const leaf = child.entry && child.below === 0;
    const count =
      child.below === undefined
        ? el('span', { class: 'count' })
        : el(
            'span',
            { class: 'count', 'data-count': child.below, title: leaf ? `expires ${child.expiresAt}` : 'live entries below' },
            leaf ? relative(new Date(child.expiresAt) - Date.now()) : fmt(child.below),
          );
    li.append(el('div', { class: 'row' }, toggle, label, count));
    if (open) {
      const view = await api(`api/tree${keyToPath(key)}`);
      if (!view) return li;
      if (key === '/') count.textContent = `${fmt(view.childTotal)} names`;
      const ul = el('ul');
      for (const c of view.children) ul.append(await branchNode(c.key, c.name, c));
      if (view.childTotal > view.children.length) {
        ul.append(
          el(
            'li',
            { class: 'more' },
            `… ${fmt(view.childTotal - view.children.length)} more names not shown (the first ${fmt(view.children.length)} by key order are)`,
          ),
        );
      }
      if (view.children.length === 0) ul.append(el('li', { class: 'more' }, 'nothing here'));
      li.append(ul);
    }
    return li;
  }

  async function setExpanded(li, key, name, child, open) {
    if (open) state.expanded.add(key);
    else state.expanded.delete(key);
    li.replaceWith(await branchNode(key, name, child));
  }

  async function select(key, child) {
    if (child.below === undefined || child.below > 0) state.branch = key;
    if (child.entry) await showEntry(key);
    for (const b of $('tree').querySelectorAll('.name')) b.classList.toggle('selected', b.title === key);
    $('expiry-branch').textContent = state.branch;
  }

  async function showEntry(key) {
    const e = await api(`api/entry${keyToPath(key)}`);
    $('entry-empty').hidden = Boolean(e);
    $('entry').hidden = !e;
    if (!e) {
      state.entry = undefined;
      $('entry-empty').textContent = `${key} is gone (taken, removed or expired).`;
      return;
    }
    state.entry = key;
    $('entry-key').textContent = e.key;
    $('entry-size').textContent = bytes(e.bytes);
    const left = new Date(e.expiresAt).getTime() - Date.now();
    $('entry-expiry').textContent = `${relative(left)} (${e.expiresAt})`;
    $('entry-value').textContent = e.value;
    $('entry-truncated').hidden = !e.truncated;
    $('entry-truncated').textContent = `Showing the first ${fmt(new TextEncoder().encode(e.value).length)} of ${fmt(e.bytes)} bytes.`;
    const rows = Object.entries(e.metadata).map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v)));
    $('entry-meta').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { class: 'hint' }, 'none'))]));
  }

  // ---- expiry -----------------------------------------------------------------------------

  async function loadExpiry() {
    const h = await api(`api/expiry${keyToPath(state.branch)}`);
    if (!h) return;
    $('expiry-branch').textContent = h.branch;
    $('expiry-live').textContent = fmt(h.live);
    $('expiry-live').dataset.count = h.live;
    const max = Math.max(1, ...h.buckets.map((b) => b.count));
    $('histogram').replaceChildren(
      ...h.buckets.map((b) =>
        el(
          'li',
          { 'data-count': b.count },
          el('span', { class: 'label' }, b.label),
          el('span', { class: 'track' }, fillBar(b.count / max)),
          el('span', { class: 'n' }, fmt(b.count)),
        ),
      ),
    );
    const expired = $('expiry-expired');
    if (typeof h.expired === 'number') {
      expired.dataset.count = h.expired;
      expired.textContent = `${fmt(h.expired)} more expired but not reaped yet (the reaper deletes them on its next run).`;
    } else {
      delete expired.dataset.count;
      expired.textContent =
        'Expired entries not reaped yet: not counted by this server (the service hides expired entries; see "Limits" in ' +
        'the README). The Health view shows what the reaper deleted and when.';
    }
  }

  function fillBar(fraction) {
    const fill = el('span', { class: 'fill' });
    // Set through the CSSOM: the page's Content-Security-Policy forbids style attributes.
    fill.style.width = `${(fraction * 100).toFixed(1)}%`;
    fill.style.display = 'block';
    return fill;
  }

  // ---- health -----------------------------------------------------------------------------

  async function loadHealth() {
    const h = await api('api/health');
    if (!h) return;
    const prev = state.lastHealth;
    const dt = prev ? (new Date(h.at) - new Date(prev.at)) / 1000 : 0;
    const before = new Map((prev?.operations ?? []).map((o) => [o.op, o.count]));
    $('ops').replaceChildren(
      ...(h.operations.length
        ? h.operations.map((o) => {
            const rate = dt > 0 && before.has(o.op) ? ((o.count - before.get(o.op)) / dt).toFixed(2) : '–';
            return el(
              'tr',
              { 'data-op': o.op },
              el('td', {}, o.op),
              el('td', {}, fmt(o.count)),
              el('td', {}, rate),
              el('td', { class: o.errors ? 'down' : '' }, fmt(o.errors)),
              el('td', {}, seconds(o.meanSeconds)),
              el('td', {}, seconds(o.p50Seconds)),
              el('td', {}, seconds(o.p95Seconds)),
            );
          })
        : [el('tr', {}, el('td', { colspan: 7, class: 'hint' }, 'no operations yet'))]),
    );
    $('health-at').textContent = `Read at ${h.at.slice(11, 19)} UTC.`;
    $('health-at').dataset.at = h.at;
    const statuses = Object.entries(h.responses).map(([s, n]) => `${s}: ${fmt(n)}`);
    $('responses').textContent = statuses.length ? statuses.join(' · ') : 'none yet';

    const r = h.reaper;
    const facts = [
      ['Runs', fmt(r.runs)],
      ['Deleted in all', fmt(r.deleted)],
      ['Last run', r.last ? `${relative(new Date(r.last.at) - Date.now())} (${r.last.at})` : 'not yet'],
      ['Last deleted', r.last ? fmt(r.last.deleted) : '–'],
      ['Last took', r.last ? seconds(r.last.seconds) : '–'],
    ];
    $('reaper').dataset.runs = r.runs;
    $('reaper').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    $('nodes').replaceChildren(...nodes(h.failover));
    state.lastHealth = h;
  }

  function nodes(f) {
    if (!f) {
      return [el('p', { class: 'hint' }, 'No fail-over pool: the backend is not SQL, or its URL names a single host.')];
    }
    const rows = f.hosts.map((n) =>
      el(
        'tr',
        { 'data-host': n.host },
        el('td', {}, n.host),
        el('td', {}, n.current ? 'in use' : ''),
        el('td', { class: n.down ? 'down' : 'up' }, n.down ? 'marked down' : 'up'),
        el('td', {}, fmt(n.connections)),
      ),
    );
    const counters = Object.entries(f.counters).map(([k, v]) => `${k.replaceAll('_', ' ')}: ${fmt(v)}`);
    return [
      el(
        'div',
        { class: 'scroll' },
        el(
          'table',
          { class: 'grid' },
          el('thead', {}, el('tr', {}, el('th', {}, 'host'), el('th', {}, 'new connections'), el('th', {}, 'state'), el('th', {}, 'open'))),
          el('tbody', {}, ...rows),
        ),
      ),
      el('p', { class: 'hint' }, counters.join(' · ')),
      el('p', { class: 'hint' }, 'Replication (threads, lag, binary logs) needs an admin login: authstate oocd nodes status.'),
    ];
  }

  // ---- wiring -----------------------------------------------------------------------------

  $('login-form').addEventListener('submit', signIn);
  $('logout').addEventListener('click', () => signOut('Signed out; the token is forgotten.'));
  $('refresh').addEventListener('click', () => refresh());
  for (const b of $('tabs').querySelectorAll('button')) b.addEventListener('click', () => show(b.dataset.view));
  if (sessionStorage.getItem(TOKEN_KEY)) start();
  else showLogin();
})();
