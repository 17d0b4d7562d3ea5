/* Agent console: queue, live conversation (short polling of the contract API, < 1 s), take over,
 * hand back, close with a note, callbacks, statistics (inline SVG charts), where customers drop out of
 * the bot's flows, and the knowledge gaps ("Kennishiaten": link a question to the passage that answers it,
 * or mark it as not in the documents). No build step. */
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
    if (view === "gaps") loadGaps();
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
    loadAnalytics();
  }

  // --- where customers drop out (GET /agent/analytics, from Rasa's events) -----------------------
  const FLOWS = {
    damage_form: "Schade melden", mileage_form: "Kilometerstand doorgeven", request_form: "Verzoek",
    callback_form: "Terugbelverzoek", verify_form: "Identificatie",
  };
  const REQUEST_TYPES = {
    address_change: "adreswijziging", iban_change: "rekeningnummer (IBAN) wijzigen", domiciliation_date_change: "datum domiciliëring",
    document_copy: "document aanvragen", registration_duplicate: "duplicaat kentekenbewijs", resident_parking_declaration: "bewonersvergunning",
    early_termination: "vroegtijdige beëindiging", bonus_malus_certificate: "bonus-malusattest", travel_certificate: "reisattest",
    km_bundle_change: "kilometerbundel aanpassen",
  };
  const QUESTIONS = {
    verify_contract_number: "Contractnummer", verify_license_plate: "Nummerplaat (identificatie)",
    damage_license_plate: "Nummerplaat van de wagen", damage_date: "Datum van de schade", damage_location: "Plaats van de schade",
    damage_description: "Wat er gebeurde", damage_kind: "Soort schade", damage_other_party: "Andere partij betrokken?",
    damage_accident_statement: "Aanrijdingsformulier", damage_police_report: "Proces-verbaal", damage_confirmed: "Bevestiging",
    mileage_odometer: "Kilometerstand", callback_name: "Naam", callback_phone: "Telefoonnummer", callback_time: "Wanneer terugbellen",
    req_country: "Land", req_street: "Straat", req_house_number: "Huisnummer", req_box: "Bus", req_postcode: "Postcode",
    req_city: "Gemeente", req_effective_date: "Vanaf", req_iban: "IBAN", req_account_holder: "Rekeninghouder",
    req_debit_day: "Dag van de maand", req_document: "Document", req_reason: "Reden", req_incident_date: "Datum verlies of diefstal",
    req_police_report: "Nummer proces-verbaal", req_municipality: "Gemeente", req_desired_end_date: "Gewenste einddatum",
    req_termination_reason: "Reden van beëindiging", req_destination_country: "Bestemming", req_departure_date: "Vertrek",
    req_return_date: "Terugkeer", req_new_yearly_km: "Nieuwe bundel (km per jaar)", request_confirmed: "Bevestiging",
  };
  const SOURCES = {
    tracker_store: "Bron: de gesprekken in Rasa's tracker store.",
    event_broker: "Bron: de gebeurtenissen van Rasa via de event broker (RabbitMQ).",
  };

  function flowName(flow) {
    const [form, requestType] = flow.split(":");
    const label = FLOWS[form] || form;
    return requestType ? `${label}: ${REQUEST_TYPES[requestType] || requestType}` : label;
  }

  const withRate = (count, rate) => (rate === null ? String(count) : `${count} (${percent(rate)})`);

  async function loadAnalytics() {
    const params = new URLSearchParams();
    if ($("analytics-from").value) params.set("from", $("analytics-from").value);
    if ($("analytics-to").value) params.set("to", $("analytics-to").value);
    $("analytics-error").textContent = "";
    const response = await api(`/agent/analytics?${params}`);
    if (!response.ok) {
      $("analytics-error").textContent = (await detailOf(response)) || "De analyse kon niet worden geladen.";
      return;
    }
    renderAnalytics(await response.json());
  }

  function renderAnalytics(result) {
    $("analytics-from").value = result.period.from;
    $("analytics-to").value = result.period.to;
    $("analytics-source").textContent = SOURCES[result.source]
      || "Geen gegevens: de analyse heeft Rasa's SQL-tracker store (RASA_TRACKER_STORE_URL) of de event broker (ANALYTICS_AMQP_URL) nodig.";
    const answers = result.document_answers;
    const kpi = (label, value) => el("div", { class: "kpi" }, el("div", { class: "value" }, value), el("div", { class: "label" }, label));
    $("analytics-kpis").replaceChildren(
      kpi("Gesprekken", String(result.conversations)),
      kpi("Containment (zonder medewerker)", percent(result.containment_rate)),
      kpi("Antwoorden uit documenten", withRate(answers.answered, answers.answered_rate)),
      kpi("Verduidelijkingen (“Bedoelt u…?”)", withRate(answers.clarified, answers.clarified_rate)),
      kpi("Geweigerd (geen antwoord)", withRate(answers.declined, answers.declined_rate)),
    );
    $("analytics-flows").replaceChildren(...result.flows.map((flow) => el("tr", {},
      el("th", { scope: "row" }, flowName(flow.flow)),
      el("td", {}, String(flow.started)), el("td", {}, String(flow.completed)), el("td", {}, String(flow.cancelled)),
      el("td", {}, String(flow.handed_over)), el("td", {}, String(flow.abandoned)), el("td", {}, String(flow.in_progress)),
      el("td", {}, percent(flow.completion_rate)))));
    $("analytics-no-flows").hidden = result.flows.length > 0;
    $("analytics-funnels").replaceChildren(...result.flows.filter((flow) => flow.funnel.length).map(funnel));
  }

  function funnel(flow) {
    const bar = (count, kind) => el("span", { class: `funnel-bar ${kind}`, style: `--share:${flow.started ? count / flow.started : 0}`, "aria-hidden": "true" });
    const worst = flow.funnel.reduce((most, step) => (step.gave_up > most.gave_up ? step : most));
    const question = (slot) => QUESTIONS[slot] || slot;
    return el("details", {},
      el("summary", {}, `${flowName(flow.flow)} `,
        el("small", {}, worst.gave_up ? `meeste afhakers bij: ${question(worst.slot)} (${worst.gave_up})` : "niemand haakte af bij een vraag")),
      el("table", {},
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Vraag"), el("th", { scope: "col" }, "Gesteld"), el("th", { scope: "col" }, "Afgehaakt"))),
        el("tbody", {}, ...flow.funnel.map((step) => el("tr", {},
          el("th", { scope: "row" }, question(step.slot)),
          el("td", {}, bar(step.asked, "asked"), String(step.asked)),
          el("td", {}, bar(step.gave_up, "gave-up"), String(step.gave_up)))))));
  }

  $("analytics-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadAnalytics();
  });

  // --- knowledge gaps: GET /agent/knowledge-gaps, link or mark out of scope ------------------------
  const GAP_PREVIEW = 200;
  let gapRow = 0;

  function gapStatus(gap) {
    if (gap.status === "linked") return `Gekoppeld aan ${gap.section} · ${gap.decided_by}, ${time(gap.decided_at)}`;
    if (gap.status === "out_of_scope") return `Niet in de documenten · ${gap.decided_by}, ${time(gap.decided_at)}`;
    return "Open";
  }

  async function loadGaps() {
    const params = new URLSearchParams();
    if ($("gaps-from").value) params.set("from", $("gaps-from").value);
    if ($("gaps-to").value) params.set("to", $("gaps-to").value);
    if ($("gaps-status").value) params.set("status", $("gaps-status").value);
    $("gaps-error").textContent = "";
    const response = await api(`/agent/knowledge-gaps?${params}`);
    if (!response.ok) {
      $("gaps-error").textContent = (await detailOf(response)) || "De kennishiaten konden niet worden geladen.";
      return;
    }
    const result = await response.json();
    $("gaps-from").value = result.period.from;
    $("gaps-to").value = result.period.to;
    $("gaps-rows").replaceChildren(...result.gaps.flatMap(gapRows));
    $("gaps-empty").hidden = result.gaps.length > 0;
  }

  /* A gap's row, and below it (hidden until asked for) the search for the passage that answers it. */
  function gapRows(gap) {
    const id = `gap-${++gapRow}`;
    const status = el("td", {}, gapStatus(gap));
    const work = el("tr", { class: "gap-work", id, hidden: true });
    const toggle = el("button", {
      type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": id,
      "aria-label": `Antwoord zoeken voor “${gap.question}”`,
      onclick: () => {
        const open = work.hidden;
        work.hidden = !open;
        toggle.setAttribute("aria-expanded", String(open));
        if (open && !work.firstChild) work.append(el("td", { colspan: "8" }, gapWork(gap, status, id)));
        if (open) work.querySelector("input").focus();
      },
    }, "Zoek antwoord");
    const row = el("tr", {},
      el("th", { scope: "row" }, gap.question, gap.top_section ? el("small", { class: "muted" }, ` (toonde ${gap.top_section})`) : null),
      el("td", { class: "number" }, String(gap.asked)), el("td", { class: "number" }, String(gap.declined)),
      el("td", { class: "number" }, String(gap.clarified)), el("td", { class: "number" }, String(gap.voted_down)),
      el("td", {}, time(gap.last_asked)), status, el("td", {}, toggle));
    return [row, work];
  }

  function gapWork(gap, statusCell, id) {
    const inputId = `${id}-query`;
    const input = el("input", { id: inputId, type: "search", value: gap.question, maxlength: "500", autocomplete: "off" });
    const hits = el("ul", { class: "gap-hits", "aria-label": "Gevonden passages", "aria-live": "polite" });
    const message = el("p", { role: "status" });
    const failure = el("p", { class: "error", role: "alert" });

    async function decide(path, body, done) {
      failure.textContent = "";
      message.textContent = "";
      const response = await api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      if (!response.ok) {
        failure.textContent = (await detailOf(response)) || "Dit kon niet worden opgeslagen.";
        return;
      }
      const decision = await response.json();
      statusCell.textContent = gapStatus({
        status: decision.status, section: decision.section, decided_by: decision.agent_username, decided_at: decision.created_at,
      });
      message.textContent = done;
    }

    async function search(event) {
      if (event) event.preventDefault();
      const query = input.value.trim();
      if (!query) return;
      hits.replaceChildren(el("li", { class: "muted" }, "Zoeken…"));
      let result;
      try {
        const response = await fetch(`/knowledge/search?${new URLSearchParams({ q: query, k: "5" })}`);
        if (!response.ok) throw new Error(String(response.status));
        result = await response.json();
      } catch (error) {
        hits.replaceChildren(el("li", { class: "muted" }, "De kennisbank is nu niet bereikbaar."));
        return;
      }
      hits.replaceChildren(...result.hits.map((hit) => {
        const section = `${hit.doc}:${hit.section}`;
        return el("li", {},
          el("strong", {}, hit.title || hit.section),
          el("small", {}, `${hit.doc_title} · ${hit.section}`),
          el("p", {}, hit.text.length > GAP_PREVIEW ? hit.text.slice(0, GAP_PREVIEW) + "…" : hit.text),
          el("button", {
            type: "button", "aria-label": `Dit beantwoordt de vraag: ${hit.doc_title}, ${hit.section}`,
            onclick: () => decide("/agent/knowledge-gaps/link", { question: gap.question, section },
              `Gekoppeld aan ${hit.doc_title}, ${hit.section}: de bot gebruikt deze vraag vanaf nu.`),
          }, "Dit beantwoordt de vraag"));
      }));
      if (!result.hits.length) hits.replaceChildren(el("li", { class: "muted" }, "Geen passages gevonden."));
    }

    const form = el("form", { class: "gap-search", role: "search", onsubmit: search },
      el("label", { for: inputId, class: "sr-only" }, "Zoek in de documenten"), input, el("button", { type: "submit" }, "Zoek"));
    const outOfScope = el("button", {
      type: "button", class: "secondary",
      onclick: () => decide("/agent/knowledge-gaps/out-of-scope", { question: gap.question },
        "Gemarkeerd als niet in de documenten: de bot weigert zulke vragen voortaan."),
    }, "Niet in de documenten");
    search();
    return el("div", {}, form, hits, outOfScope, message, failure);
  }

  $("gaps-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadGaps();
  });

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
