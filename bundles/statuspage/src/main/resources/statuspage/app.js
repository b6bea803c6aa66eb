'use strict';
// Polls status.json and redraws; no framework, no external resources. Text goes in through
// textContent only, so names from the config cannot inject markup.
(function () {
  const REFRESH_MS = 2000;
  // Absolute URLs without user:password@ (fetch refuses URLs with credentials, and a page opened as
  // http://user:pass@host/keepalived/ would resolve relative ones with them).
  const BASE = location.origin + location.pathname.replace(/[^/]*$/, '');

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    });
    children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return e;
  }

  function badge(text) {
    return el('span', { class: 'state ' + text }, text);
  }

  function since(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  async function act(params, label) {
    if (!confirm(label + '?')) return;
    const resp = await fetch(BASE + 'action', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-Keepalived-Action': '1', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params)
    });
    const answer = await resp.json().catch(() => ({ message: resp.statusText }));
    if (!resp.ok) showError(label + ': ' + answer.message);
    refresh();
  }

  function showError(text) {
    const e = document.getElementById('error');
    e.textContent = text;
    e.hidden = !text;
  }

  function renderVrrp(doc) {
    const body = document.querySelector('#vrrp tbody');
    body.replaceChildren(...doc.vrrpInstances.map(i => el('tr', { 'data-instance': i.name },
      el('td', {}, i.name),
      el('td', {}, badge(i.state), i.faultReasons.length ? ' ' + i.faultReasons.join(', ') : ''),
      el('td', {}, String(i.priority), i.priority !== i.basePriority ? ' (base ' + i.basePriority + ')' : ''),
      el('td', {}, i.interface + ' / ' + i.vrid),
      el('td', {}, i.master || '-', i.masterPriority >= 0 ? ' (prio ' + i.masterPriority + ')' : ''),
      el('td', {}, i.vips.join(', ')),
      el('td', {}, since(i.lastTransition)),
      el('td', { class: 'ops' }, doc.canOperate && i.state === 'MASTER'
        ? el('button', { onclick: () => act({ action: 'giveUpMaster', instance: i.name }, 'Fail over ' + i.name) }, 'Fail over')
        : '')
    )));
  }

  // Shown only when the bfd feature runs sessions.
  function renderBfd(doc) {
    document.getElementById('bfd-section').hidden = !doc.bfdSessions.length;
    const body = document.querySelector('#bfd tbody');
    body.replaceChildren(...doc.bfdSessions.map(s => el('tr', { 'data-bfd-session': s.name },
      el('td', {}, s.name),
      el('td', {}, s.neighbor + (s.multihop ? ' (multihop)' : '')),
      el('td', {}, badge(s.state)),
      el('td', {}, badge(s.remoteState), ' discr ' + s.remoteDiscriminator),
      el('td', {}, s.transmitIntervalMs + ' / ' + s.receiveIntervalMs + ' / ' + s.detectionTimeMs + ' ms'),
      el('td', {}, s.packetsIn + ' / ' + s.packetsOut + ' / ' + s.packetsDropped),
      el('td', {}, s.downTransitions ? s.lastDownDiagnostic + ' (' + s.downTransitions + ' times)' : '-'),
      el('td', {}, since(s.lastStateChange))
    )));
  }

  function renderServers(doc) {
    document.getElementById('plane').textContent = doc.plane ? '(data plane: ' + doc.plane + ')' : '';
    const root = document.getElementById('servers');
    root.replaceChildren(...doc.virtualServers.map(vs => el('div', { 'data-virtual-server': vs.key },
      el('h3', {}, vs.key + ' ', badge(vs.quorumUp ? 'MET' : 'LOST'),
        el('span', { class: 'muted' }, ' alive weight ' + vs.aliveWeight + ' / quorum ' + vs.quorum
          + (vs.sorryServerActive ? ', sorry server active' : '') + (vs.suspended ? ', suspended' : ''))),
      el('table', {},
        el('thead', {}, el('tr', {}, ['Real server', 'Health', 'Weight', 'In data plane', 'Admin', 'Checks', 'Actions'].map(h => el('th', {}, h)))),
        el('tbody', {}, vs.realServers.map(rs => el('tr', { 'data-real-server': rs.key },
          el('td', {}, rs.key),
          el('td', {}, badge(rs.up ? 'UP' : 'DOWN')),
          el('td', {}, String(rs.weight)),
          el('td', { class: 'effective-weight' }, rs.effectiveWeight < 0 ? 'no' : String(rs.effectiveWeight)),
          el('td', {}, badge(rs.adminState)),
          el('td', {}, rs.checkers.map(c => c.kind + ' ' + (c.up ? 'ok' : 'failing') + (c.latencyMs != null ? ' ' + c.latencyMs.toFixed(1) + ' ms' : '') + (c.detail ? ' (' + c.detail + ')' : '')).join('; ')),
          el('td', { class: 'ops' }, doc.canOperate ? ['drain', 'enable', 'maintenance']
            .filter(a => !(a === 'drain' && rs.adminState === 'DRAIN') && !(a === 'enable' && rs.adminState === 'ENABLED') && !(a === 'maintenance' && rs.adminState === 'MAINT'))
            .map(a => el('button', { 'data-action': a, onclick: () => act({ action: a, virtualServer: vs.key, realServer: rs.key }, a + ' ' + rs.key) }, a)) : '')
        )))
      )
    )));
  }

  function renderTimeline(doc) {
    const list = document.getElementById('timeline');
    list.replaceChildren(...doc.timeline.map(e => el('li', {},
      new Date(e.at).toLocaleTimeString() + '  ' + e.kind + '  ' + e.subject + '  ', badge(e.from), ' \u2192 ', badge(e.to))));
    if (!doc.timeline.length) list.append(el('li', { class: 'muted' }, 'no transitions since the page service started'));
  }

  async function refresh() {
    try {
      const resp = await fetch(BASE + 'status.json', { credentials: 'same-origin', cache: 'no-store' });
      if (!resp.ok) throw new Error('status.json: HTTP ' + resp.status);
      const doc = await resp.json();
      document.getElementById('daemon').textContent = doc.daemon ? 'v' + doc.daemon.version + ', last load ' + doc.daemon.lastLoad : '';
      document.getElementById('who').textContent = doc.user + (doc.canOperate ? ' (operator)' : ' (read only)');
      document.body.classList.toggle('read-only', !doc.canOperate);
      renderVrrp(doc);
      renderBfd(doc);
      renderServers(doc);
      renderTimeline(doc);
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      showError('');
    } catch (err) {
      showError(String(err.message || err));
    }
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
})();
