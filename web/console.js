/* Agent console: queue, live conversation (short polling of the contract API, < 1 s), take over,
 * hand back, close with a note, callbacks and statistics (inline SVG charts). No build step. */
(function () {
  "use strict";

  const TOKEN_KEY = "leasedirect.agentToken";
  const NAME_KEY = "leasedirect.agentName";
  const QUEUE_POLL_MS = 1500;
  const DETAIL_POLL_MS = 700;
  const REASONS = { customer_request: "Vraagt een medewerker", customer_upset: "Klant is ontevreden", repeated_failure: "Bot vond tweemaal geen antwoord" };
  const CHANNELS = { socketio: "webchat", rest: "REST", telegram: "Telegram", twilio: "WhatsApp", facebook: "Messenger" };
  const channel = (name) => CHANNELS[name] || name;
  const SENDERS = { customer: "Klant", bot: "Virtuele assistent", agent: "Medewerker" };
  const $ = (id) => document.getElementById(id);

  let token = localStorage.getItem(TOKEN_KEY);
  let username = null;
  let openId = null;
  let openDetail = null;
  let shownLines = -1;
  let knowledgeQuery = null;
  let queueTimer = null;
  let detailTimer = null;

  const el = window.leaseDom.el;

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function claims(jwt) {
    try { return JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))); } catch (error) { return {}; }
  }

  function waiting(seconds) {
    const minutes = Math.floor(seconds / 60);
    return minutes >= 60 ? `${Math.floor(minutes / 60)} u ${minutes % 60} min` : `${minutes}:${String(seconds % 60).padStart(2, "0")} min`;
  }

  function time(iso) {
    return new Date(iso).toLocaleString("nl-BE", { timeZone: "Europe/Brussels", day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });
  }

  async function api(path, options) {
    const headers = Object.assign({ Authorization: `Bearer ${token}` }, (options && options.headers) || {});
    const response = await fetch(path, Object.assign({}, options, { headers }));
    if (response.status === 401) {
      logout("Uw sessie is verlopen. Meld u opnieuw aan.");
      throw new Error("unauthorized");
    }
    return response;
  }

  async function detailOf(response) {
    try { return (await response.json()).detail; } catch (error) { return null; }
  }

  // --- login -------------------------------------------------------------------------------------
  async function login(event) {
    event.preventDefault();
    const response = await fetch("/agent/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: $("username").value, password: $("password").value }),
    });
    if (!response.ok) {
      $("login-error").textContent = (await detailOf(response)) || "Aanmelden is mislukt.";
      return;
    }
    const body = await response.json();
    token = body.access_token;
    localStorage.setItem(TOKEN_KEY, token);
    localStorage.setItem(NAME_KEY, body.name);
    start();
  }

  function logout(message) {
    localStorage.removeItem(TOKEN_KEY);
    token = null;
    clearInterval(queueTimer);
    clearInterval(detailTimer);
    $("login").hidden = false;
    $("tabs").hidden = true;
    $("who").replaceChildren();
    for (const view of document.querySelectorAll(".view")) view.hidden = true;
    $("login-error").textContent = message || "";
  }

  function start() {
    username = claims(token).sub;
    $("login").hidden = true;
    $("tabs").hidden = false;
    const out = el("button", { type: "button", class: "link", onclick: () => logout() }, "Afmelden");
    $("who").replaceChildren(`${localStorage.getItem(NAME_KEY) || username} · `, out);
    show("queue");
    refreshQueue();
    queueTimer = setInterval(refreshQueue, QUEUE_POLL_MS);
  }

  function show(view) {
    for (const tab of document.querySelectorAll(".tab")) {
      if (tab.dataset.view === view) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
    }
    for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
    if (view === "callbacks") loadCallbacks();
    if (view === "stats") loadStats();
  }

  // --- queue -------------------------------------------------------------------------------------
  async function refreshQueue() {
    let rows;
    try {
      const [queued, assigned] = await Promise.all([
        api("/agent/handoffs?status=queued").then((r) => r.json()),
        api("/agent/handoffs?status=assigned").then((r) => r.json()),
      ]);
      rows = [...assigned.filter((h) => h.agent_username === username), ...queued];
    } catch (error) {
      return;
    }
    const body = $("queue-rows");
    body.replaceChildren(...rows.map((h) => el("tr", { class: h.id === openId ? "selected" : null, onclick: () => openHandoff(h.id) },
      el("td", {}, el("button", { type: "button", class: "link", "aria-label": `Open gesprek met ${h.customer ? h.customer.name : "onbekende klant"}` },
        h.customer ? h.customer.name : "Onbekende klant")),
      el("td", {}, REASONS[h.reason] || h.reason),
      el("td", {}, channel(h.channel)),
      el("td", {}, h.status === "queued" ? waiting(h.waiting_seconds) : "—"),
      el("td", {}, el("span", { class: `badge ${h.status}` }, h.status === "queued" ? "wacht" : "bij mij")),
    )));
    $("queue-empty").hidden = rows.length > 0;
  }

  // --- one handoff -------------------------------------------------------------------------------
  async function openHandoff(id) {
    openId = id;
    shownLines = -1;
    knowledgeQuery = null;
    $("detail").hidden = false;
    $("detail-error").textContent = "";
    clearInterval(detailTimer);
    await refreshDetail();
    detailTimer = setInterval(refreshDetail, DETAIL_POLL_MS);
    refreshQueue();
  }

  async function refreshDetail() {
    if (!openId) return;
    let detail;
    try {
      const response = await api(`/agent/handoffs/${openId}`);
      if (!response.ok) return;
      detail = await response.json();
    } catch (error) {
      return;
    }
    renderDetail(detail);
  }

  function renderDetail(detail) {
    openDetail = detail;
    const mine = detail.status === "assigned" && detail.agent_username === username;
    $("detail-title").textContent = `Gesprek met ${detail.customer ? detail.customer.name : "onbekende klant"}`;
    const status = $("detail-status");
    status.className = `badge ${detail.status}`;
    status.textContent = { queued: "wacht in de wachtrij", assigned: mine ? "u praat met de klant" : "bij een collega", closed: "afgesloten", released: "terug bij de bot" }[detail.status];
    $("take-over").disabled = detail.status !== "queued";
    $("hand-back").disabled = !mine;
    $("reply").disabled = !mine;
    $("reply-send").disabled = !mine;
    $("close-button").disabled = !(detail.status === "queued" || mine);

    if (detail.transcript.length !== shownLines) {
      shownLines = detail.transcript.length;
      const list = $("transcript");
      list.replaceChildren(...detail.transcript.map((line) => el("li", { class: line.sender },
        el("span", { class: "from" }, `${line.sender === "agent" && line.agent ? line.agent : SENDERS[line.sender] || line.sender} · ${time(line.timestamp)}`),
        line.text)));
      list.scrollTop = list.scrollHeight;
    }

    const customer = $("customer");
    customer.replaceChildren();
    const c = detail.customer;
    const facts = c ? [["Naam", c.name], ["Klantnummer", c.customer_number], ["Telefoon", c.phone], ["E-mail", c.email]] : [["Klant", "niet aangemeld"]];
    facts.push(["Kanaal", channel(detail.channel)], ["Gesprek", detail.conversation_id], ["Sinds", time(detail.created_at)]);
    for (const [term, value] of facts) customer.append(el("dt", {}, term), el("dd", {}, value));

    $("contracts").replaceChildren(...detail.contracts.map((k) => el("li", {},
      el("strong", {}, `${k.contract_number} · ${k.product}`),
      el("div", {}, `${k.license_plate || ""} · ${k.yearly_km ? k.yearly_km.toLocaleString("nl-BE") + " km/jaar · " : ""}€ ${k.monthly_price_eur.toLocaleString("nl-BE")} per maand · ${k.status}`))));
    if (!detail.contracts.length) $("contracts").append(el("li", { class: "muted" }, "Geen contracten bekend."));

    const slots = $("slots");
    slots.replaceChildren();
    const entries = Object.entries(detail.slots || {});
    for (const [name, value] of entries) slots.append(el("dt", {}, name), el("dd", {}, typeof value === "object" ? JSON.stringify(value) : String(value)));
    if (!entries.length) slots.append(el("dt", {}, "—"), el("dd", { class: "muted" }, "niets verzameld"));

    const lastQuestion = [...detail.transcript].reverse().find((line) => line.sender === "customer");
    if (lastQuestion && lastQuestion.text !== knowledgeQuery) suggest(lastQuestion.text, detail.contracts[0]);
  }

  async function suggest(question, contract) {
    knowledgeQuery = question;
    $("knowledge-query").textContent = `Voor: “${question}”`;
    const params = new URLSearchParams({ q: question, k: "3" });
    if (contract) params.set("product", contract.product);
    const list = $("knowledge");
    try {
      const response = await fetch(`/knowledge/search?${params}`);
      if (!response.ok) throw new Error(String(response.status));
      const result = await response.json();
      list.replaceChildren(...result.hits.map((hit) => el("li", {},
        el("strong", {}, hit.title || hit.section),
        el("small", {}, `${hit.doc_title}${hit.section ? " · " + hit.section : ""}`),
        el("div", {}, hit.text.length > 280 ? hit.text.slice(0, 280) + "…" : hit.text))));
      if (!result.hits.length) list.replaceChildren(el("li", { class: "muted" }, "Geen artikels gevonden."));
    } catch (error) {
      list.replaceChildren(el("li", { class: "muted" }, "De kennisbank is nu niet bereikbaar."));
    }
  }

  async function act(path, body, failure) {
    $("detail-error").textContent = "";
    const response = await api(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      $("detail-error").textContent = (await detailOf(response)) || failure;
      return null;
    }
    const detail = await response.json();
    if (detail.delivered_to_customer === false) {
      $("detail-error").textContent = "Let op: de klant kreeg dit niet live te zien (chat niet bereikbaar). Het staat wel in het transcript.";
    }
    renderDetail(detail);
    refreshQueue();
    return detail;
  }

  $("take-over").addEventListener("click", async () => {
    await act(`/agent/handoffs/${openId}/assign`, undefined, "Overnemen is mislukt.");
    $("reply").focus();
  });
  $("hand-back").addEventListener("click", () => act(`/agent/handoffs/${openId}/release`, undefined, "Teruggeven is mislukt."));
  $("reply-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("reply").value.trim();
    if (!text) return;
    $("reply").value = "";
    const done = await act(`/agent/handoffs/${openId}/messages`, { text }, "Uw bericht is niet verstuurd.");
    if (!done) $("reply").value = text;
  });
  $("close-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const done = await act(`/agent/handoffs/${openId}/close`, { note: $("close-note").value.trim() }, "Afsluiten is mislukt.");
    if (done) $("close-note").value = "";
  });

  // --- callbacks ---------------------------------------------------------------------------------
  async function loadCallbacks() {
    const rows = await (await api("/agent/callbacks")).json();
    $("callback-rows").replaceChildren(...rows.map((cb) => el("tr", {},
      el("td", {}, cb.reference), el("td", {}, cb.name), el("td", {}, el("a", { href: `tel:${cb.phone}` }, cb.phone)),
      el("td", {}, cb.preferred_time), el("td", {}, cb.topic), el("td", {}, time(cb.created_at)))));
    $("callbacks-empty").hidden = rows.length > 0;
  }

  // --- statistics --------------------------------------------------------------------------------
  const percent = (value) => (value === null || value === undefined ? "—" : `${Math.round(value * 100)} %`);

  async function loadStats() {
    const stats = await (await api("/agent/stats?days=14")).json();
    const kpi = (label, value) => el("div", { class: "kpi" }, el("div", { class: "value" }, value), el("div", { class: "label" }, label));
    $("kpis").replaceChildren(
      kpi("Gesprekken (14 dagen)", String(stats.conversations)),
      kpi("Overdrachtsgraad", percent(stats.handoff_rate)),
      kpi("Containment (zonder medewerker)", percent(stats.containment_rate)),
      kpi(`CSAT (${stats.csat.count} beoordelingen)`, stats.csat.average === null ? "—" : `${stats.csat.average.toLocaleString("nl-BE")} / 5`),
    );
    $("chart-days").replaceChildren(dayChart(stats.days));
    $("chart-csat").replaceChildren(csatChart(stats.csat.distribution));
  }

  function dayChart(days) {
    const width = 560, height = 220, left = 30, bottom = 30, top = 10;
    const max = Math.max(1, ...days.map((d) => d.conversations));
    const slot = (width - left) / days.length;
    const y = (value) => height - bottom - (value / max) * (height - bottom - top);
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Staafdiagram van gesprekken en overdrachten per dag" });
    chart.append(svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: "#9aa5b4" }));
    chart.append(svg("text", { x: 0, y: top + 10, "font-size": 11, fill: "#5b6576" }, String(max)));
    days.forEach((d, i) => {
      const x = left + i * slot + slot * 0.15;
      const w = slot * 0.35;
      const label = `${d.day}: ${d.conversations} gesprekken, ${d.handoffs} overdrachten`;
      chart.append(svg("rect", { x, y: y(d.conversations), width: w, height: height - bottom - y(d.conversations), fill: "#0b5cad" }, svg("title", {}, label)));
      chart.append(svg("rect", { x: x + w, y: y(d.handoffs), width: w, height: height - bottom - y(d.handoffs), fill: "#f2a900" }, svg("title", {}, label)));
      if (i % 2 === 0 || days.length <= 7) {
        chart.append(svg("text", { x: x + w, y: height - bottom + 14, "font-size": 10, "text-anchor": "middle", fill: "#5b6576" }, d.day.slice(8) + "/" + d.day.slice(5, 7)));
      }
    });
    const wrapper = el("div", {}, chart, el("div", { class: "legend" },
      el("span", { style: "--swatch:#0b5cad" }, "gesprekken"), el("span", { style: "--swatch:#f2a900" }, "overdrachten naar een medewerker")));
    return wrapper;
  }

  function csatChart(distribution) {
    const width = 560, height = 220, left = 90, row = 36;
    const counts = [5, 4, 3, 2, 1].map((score) => [score, distribution[score] || distribution[String(score)] || 0]);
    const max = Math.max(1, ...counts.map(([, n]) => n));
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Verdeling van de CSAT-scores" });
    counts.forEach(([score, n], i) => {
      const y = 10 + i * row;
      chart.append(svg("text", { x: 0, y: y + 18, "font-size": 13, fill: "#1d2430" }, `${"★".repeat(score)}`));
      chart.append(svg("rect", { x: left, y, width: Math.max(2, (n / max) * (width - left - 40)), height: row - 10, fill: score >= 4 ? "#1d7a3a" : score === 3 ? "#9aa5b4" : "#b3261e" }));
      chart.append(svg("text", { x: left + Math.max(2, (n / max) * (width - left - 40)) + 6, y: y + 18, "font-size": 12, fill: "#1d2430" }, String(n)));
    });
    return chart;
  }

  for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => show(tab.dataset.view));
  $("login-form").addEventListener("submit", login);
  if (token && claims(token).exp * 1000 > Date.now()) start(); else logout();
})();
