/*
 * Chat widget for the customer zone (no build step). Talks to Rasa's socket.io channel
 * (bot/channels/secure_socketio.py) with the customer's JWT; the server binds the conversation to the
 * token, replays its history on every (re)connect and tells when the bot is working. Photos, ratings
 * and the 👍/👎 under an answer from the documents go to the contract API with the same token.
 *
 *   <script src="vendor/socket.io.min.js"></script> <script src="dom.js"></script> <script src="widget.js"></script>
 *   LeaseChat.mount({ token, rasaUrl, apiBase: "" })
 */
(function () {
  "use strict";

  const PHOTO_TYPES = ["image/jpeg", "image/png", "image/heic", "image/heif"];
  const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
  const URL_PATTERN = /https?:\/\/[^\s)]+/g;
  // Answers this browser already gave 👍/👎 (question ids), so a history replay thanks instead of asking again.
  const VOTED_KEY = "leasedirect.votedAnswers";
  const MAX_REMEMBERED_VOTES = 200;

  const el = window.leaseDom.el;

  /* Text with clickable links, built from text nodes only (no HTML from the server is trusted). */
  function linkified(text) {
    const parts = [];
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      parts.push(text.slice(last, match.index));
      const href = match[0].replace(/[.,;:!?]+$/, "");
      parts.push(el("a", { href, target: "_blank", rel: "noopener" }, href));
      last = match.index + href.length;
    }
    parts.push(text.slice(last));
    return parts;
  }

  async function problemDetail(response) {
    try {
      const body = await response.json();
      return body.detail || body.title;
    } catch (error) {
      return null;
    }
  }

  class LeaseChat {
    constructor(options) {
      this.token = options.token;
      this.rasaUrl = options.rasaUrl;
      this.apiBase = options.apiBase || "";
      this.sessionId = null;
      this.reported = false;
      this.agentName = null;
      this.build();
      this.connect();
    }

    static mount(options) {
      return new LeaseChat(options);
    }

    build() {
      this.launcher = el("button", {
        class: "lc-launcher", type: "button", "aria-controls": "lc-panel", "aria-expanded": "false",
        onclick: () => this.toggle(),
      }, "Chat met ons");
      this.statusLine = el("span", { class: "lc-status", id: "lc-status" }, "U praat met onze virtuele assistent");
      this.list = el("ol", { class: "lc-messages", role: "log", "aria-live": "polite", "aria-label": "Gesprek" });
      this.typing = el("div", { class: "lc-typing", "aria-live": "polite" });
      this.notice = el("div", { class: "lc-notice", role: "alert", hidden: true });
      this.input = el("input", {
        id: "lc-input", type: "text", autocomplete: "off", maxlength: "2000",
        placeholder: "Typ uw vraag…", "aria-label": "Uw bericht",
      });
      this.sendButton = el("button", { type: "submit" }, "Verstuur");
      const form = el("form", { class: "lc-form", onsubmit: (event) => this.onSubmit(event) }, this.input, this.sendButton);
      this.panel = el("section", {
        class: "lc-panel", id: "lc-panel", role: "dialog", "aria-modal": "false",
        "aria-labelledby": "lc-title", "aria-describedby": "lc-status", hidden: true,
        onkeydown: (event) => { if (event.key === "Escape") this.toggle(false); },
      },
        el("div", { class: "lc-head" },
          el("div", { class: "lc-title" }, el("h2", { id: "lc-title" }, "Chat – virtuele assistent"), this.statusLine),
          el("button", { type: "button", onclick: () => this.endConversation(), "aria-label": "Gesprek beëindigen en beoordelen" }, "Beëindigen"),
          el("button", { type: "button", onclick: () => this.toggle(false), "aria-label": "Chat sluiten" }, "✕"),
        ),
        this.notice, this.list, this.typing, form,
      );
      document.body.append(this.launcher, this.panel);
    }

    toggle(open) {
      const show = open === undefined ? this.panel.hidden : open;
      this.panel.hidden = !show;
      this.launcher.setAttribute("aria-expanded", String(show));
      if (show) this.input.focus(); else this.launcher.focus();
    }

    connect() {
      this.socket = io(this.rasaUrl, { auth: { token: this.token }, transports: ["websocket"] });
      this.socket.on("connect", () => {
        this.showNotice(null);
        this.socket.emit("session_request", { session_id: this.sessionId });
      });
      this.socket.on("connect_error", () => this.showNotice("We kunnen de chat nu niet bereiken. We proberen het opnieuw…"));
      this.socket.on("disconnect", (reason) => {
        if (reason !== "io client disconnect") this.showNotice("De verbinding is verbroken. We proberen opnieuw te verbinden…");
      });
      this.socket.on("session_confirm", (sessionId) => { this.sessionId = sessionId; });
      this.socket.on("session_refused", (data) => {
        this.showNotice((data && data.reason) || "Dit gesprek is niet beschikbaar.");
        this.socket.disconnect();
      });
      this.socket.on("history", (messages) => this.showHistory(messages || []));
      this.socket.on("bot_uttered", (message) => this.receive(message));
      this.socket.on("user_echo", (message) => this.addBubble("customer", message.text));
      this.socket.on("typing", (state) => this.setTyping(state && state.on));
    }

    showNotice(text) {
      this.notice.hidden = !text;
      this.notice.textContent = text || "";
    }

    showHistory(messages) {
      this.list.replaceChildren();
      this.setHuman(null);
      if (!messages.length) {
        this.addBubble("system", "Welkom! Ik ben de virtuele assistent. Typ uw vraag, of typ ‘medewerker’ om een collega te spreken.");
      }
      for (const message of messages) {
        if (message.sender === "customer") this.addBubble("customer", message.text);
        else this.receive(message, true);
      }
    }

    setTyping(on) {
      this.typing.replaceChildren();
      if (on) {
        const who = this.agentName ? "" : "De assistent typt";
        if (who) this.typing.append(el("span", { class: "lc-dots", "aria-hidden": "true" }, el("span"), el("span"), el("span")), " " + who + "…");
      }
    }

    setHuman(name) {
      this.agentName = name;
      this.statusLine.textContent = name ? `U praat met ${name} (medewerker)` : "U praat met onze virtuele assistent";
      this.statusLine.classList.toggle("human", Boolean(name));
    }

    receive(message, fromHistory) {
      if (message.event === "agent_joined") this.setHuman(message.agent_name || "een medewerker");
      if (message.event === "agent_left" || message.event === "conversation_closed") this.setHuman(null);
      if (message.sender === "agent") {
        this.addBubble("agent", message.text, message.agent_name ? `${message.agent_name} (medewerker)` : "Medewerker");
        return;
      }
      if (message.sender === "system") {
        this.addBubble("system", message.text);
        if (message.event === "conversation_closed" && !fromHistory) this.askRating();
        return;
      }
      if (message.text) this.addBubble("bot", message.text, "Virtuele assistent");
      if (message.quick_replies && message.quick_replies.length) this.addReplies(message.quick_replies);
      const custom = message.custom;
      if (custom && custom.type === "photo_upload" && !fromHistory) this.addUpload(custom);
      if (custom && custom.type === "photo_upload" && fromHistory) {
        this.addBubble("system", "Foto's toevoegen kan via ‘Mijn schadedossiers’ of door een nieuwe melding.");
      }
      if (custom && custom.type === "answer_feedback" && Number.isInteger(custom.question_id)) this.addFeedback(custom.question_id);
    }

    votedAnswers() {
      try {
        const ids = JSON.parse(localStorage.getItem(VOTED_KEY) || "[]");
        return Array.isArray(ids) ? ids : [];
      } catch (error) {
        return [];
      }
    }

    rememberVote(questionId) {
      const ids = this.votedAnswers().filter((id) => id !== questionId);
      ids.push(questionId);
      try { localStorage.setItem(VOTED_KEY, JSON.stringify(ids.slice(-MAX_REMEMBERED_VOTES))); } catch (error) { /* private mode */ }
    }

    /* 👍/👎 under an answer from the documents (POST /me/knowledge/questions/{id}/vote); also in history replays. */
    addFeedback(questionId) {
      const thanks = "Bedankt voor uw feedback.";
      const status = el("span", { class: "lc-feedback-status", role: "status" });
      const box = el("li", { class: "lc-feedback", role: "group", "aria-label": "Was dit antwoord nuttig?" });
      if (this.votedAnswers().includes(questionId)) {
        status.textContent = thanks;
        box.append(status);
      } else {
        const buttons = [["up", "👍", "Nuttig"], ["down", "👎", "Niet nuttig"]].map(([vote, symbol, label]) => el("button", {
          type: "button", "aria-label": label, title: label,
          onclick: () => this.vote(questionId, vote, { buttons, status }),
        }, symbol));
        box.append(...buttons, status);
      }
      this.list.append(box);
      this.scroll();
    }

    async vote(questionId, vote, ui) {
      for (const button of ui.buttons) button.disabled = true;
      const response = await this.api(`/me/knowledge/questions/${questionId}/vote`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ vote }),
      }).catch(() => null);
      if (response && response.ok) {
        this.rememberVote(questionId);
        for (const button of ui.buttons) button.remove();
        ui.status.className = "lc-feedback-status";
        ui.status.textContent = "Bedankt voor uw feedback.";
        return;
      }
      for (const button of ui.buttons) button.disabled = false;
      ui.status.className = "lc-feedback-status error";
      ui.status.textContent = (response && await problemDetail(response)) || "Uw feedback kon niet verstuurd worden. Probeer het opnieuw.";
    }

    addBubble(sender, text, from) {
      const item = el("li", { class: `lc-msg ${sender}` });
      if (from) item.append(el("span", { class: "lc-from" }, from));
      else if (sender === "customer") item.append(el("span", { class: "sr-only" }, "U: "));
      item.append(...linkified(text || ""));
      this.list.append(item);
      this.scroll();
      return item;
    }

    addReplies(replies) {
      const group = el("li", { class: "lc-replies", role: "group", "aria-label": "Snelle antwoorden" });
      for (const reply of replies) {
        group.append(el("button", { type: "button", onclick: () => this.send(reply.payload, reply.title) }, reply.title));
      }
      this.list.append(group);
      this.scroll();
    }

    scroll() {
      this.list.scrollTop = this.list.scrollHeight;
    }

    onSubmit(event) {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = "";
      this.send(text, text);
    }

    send(message, shown) {
      if (!this.socket.connected || !this.sessionId) {
        this.showNotice("Nog niet verbonden; uw bericht is niet verstuurd. Probeer het zo opnieuw.");
        this.input.value = shown;
        return;
      }
      this.addBubble("customer", shown);
      this.socket.emit("user_uttered", { message, session_id: this.sessionId, customData: { display_text: shown } });
      this.reportConversation();
    }

    async api(path, options) {
      const headers = Object.assign({ Authorization: `Bearer ${this.token}` }, (options && options.headers) || {});
      return fetch(this.apiBase + path, Object.assign({}, options, { headers }));
    }

    reportConversation() {
      if (this.reported) return;
      this.reported = true;
      this.api("/me/conversations", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ conversation_id: this.sessionId, channel: "socketio" }),
      }).catch(() => { this.reported = false; });
    }

    addUpload(custom) {
      const inputId = `lc-photo-${custom.damage_file_id}-${Date.now()}`;
      const status = el("p", { class: "lc-upload-status", "aria-live": "polite" });
      const progress = el("progress", { max: "100", value: "0", hidden: true, "aria-label": "Voortgang van het opladen" });
      const uploaded = el("ul", { "aria-label": "Opgeladen foto's" });
      const input = el("input", {
        id: inputId, type: "file", accept: PHOTO_TYPES.join(",") + ",.heic", multiple: true,
        onchange: () => this.uploadPhotos(custom, input.files, { status, progress, uploaded }).then(() => { input.value = ""; }),
      });
      const box = el("li", { class: "lc-upload" },
        el("strong", {}, "Foto's van de schade"),
        el("p", { class: "muted" }, "JPEG, PNG of HEIC, maximaal 10 MB per foto."),
        input, el("label", { for: inputId, class: "button" }, "Foto's van de schade toevoegen"),
        progress, status, uploaded);
      this.list.append(box);
      this.scroll();
    }

    async uploadPhotos(custom, files, ui) {
      for (const file of Array.from(files || [])) {
        const type = (file.type || "").toLowerCase();
        if (!PHOTO_TYPES.includes(type) && !/\.hei[cf]$/i.test(file.name)) {
          ui.status.className = "error";
          ui.status.textContent = `“${file.name}” is geen foto in een toegelaten formaat (JPEG, PNG of HEIC).`;
          continue;
        }
        if (file.size > MAX_PHOTO_BYTES) {
          ui.status.className = "error";
          ui.status.textContent = `“${file.name}” is groter dan 10 MB. Kies een kleinere foto.`;
          continue;
        }
        try {
          await this.uploadOne(custom.url || `/me/damage-files/${custom.damage_file_id}/photos`, file, ui.progress);
          ui.status.className = "";
          ui.status.textContent = `“${file.name}” is opgeladen.`;
          ui.uploaded.append(el("li", {}, file.name));
        } catch (error) {
          ui.status.className = "error";
          ui.status.textContent = error.message;
        }
      }
    }

    uploadOne(path, file, progress) {
      return new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open("POST", this.apiBase + path);
        request.setRequestHeader("Authorization", `Bearer ${this.token}`);
        progress.hidden = false;
        progress.value = 0;
        request.upload.onprogress = (event) => {
          if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
        };
        request.onload = () => {
          progress.hidden = true;
          if (request.status === 201) return resolve(JSON.parse(request.responseText));
          let detail = null;
          try { detail = JSON.parse(request.responseText).detail; } catch (error) { /* not JSON */ }
          reject(new Error(detail || `Het opladen van “${file.name}” is mislukt. Probeer het opnieuw.`));
        };
        request.onerror = () => {
          progress.hidden = true;
          reject(new Error(`Het opladen van “${file.name}” is mislukt: geen verbinding. Probeer het opnieuw.`));
        };
        const body = new FormData();
        body.append("file", file, file.name);
        request.send(body);
      });
    }

    endConversation() {
      this.addBubble("system", "U heeft het gesprek beëindigd.");
      this.askRating();
    }

    askRating() {
      if (this.list.querySelector(".lc-csat:not(.done)")) return;
      let score = null;
      const comment = el("textarea", { rows: "2", maxlength: "2000", "aria-label": "Toelichting (niet verplicht)", placeholder: "Toelichting (niet verplicht)" });
      const feedback = el("p", { "aria-live": "polite" });
      const labels = ["zeer ontevreden", "ontevreden", "neutraal", "tevreden", "zeer tevreden"];
      const stars = el("div", { class: "lc-stars", role: "group", "aria-label": "Uw score van 1 tot 5" });
      labels.forEach((label, index) => {
        stars.append(el("button", {
          type: "button", "aria-pressed": "false", "aria-label": `${index + 1} van 5: ${label}`, title: label,
          onclick: (event) => {
            score = index + 1;
            for (const button of stars.children) button.setAttribute("aria-pressed", String(button === event.currentTarget));
          },
        }, "★".repeat(index + 1)));
      });
      const box = el("li", { class: "lc-csat" });
      const submit = el("button", {
        type: "button",
        onclick: async () => {
          if (!score) { feedback.className = "error"; feedback.textContent = "Kies eerst een score van 1 tot 5."; return; }
          const response = await this.api("/me/ratings", {
            method: "POST",
            headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) },
            body: JSON.stringify({ conversation_id: this.sessionId || "onbekend", score, comment: comment.value.trim() }),
          }).catch(() => null);
          if (response && response.status === 201) {
            box.classList.add("done");
            box.replaceChildren(el("p", {}, "Bedankt voor uw beoordeling!"));
          } else {
            feedback.className = "error";
            feedback.textContent = (response && await problemDetail(response)) || "Uw beoordeling kon niet verstuurd worden. Probeer het opnieuw.";
          }
        },
      }, "Verstuur beoordeling");
      box.append(el("p", {}, el("strong", {}, "Hoe tevreden bent u over dit gesprek?")), stars, comment, submit, feedback);
      this.list.append(box);
      this.scroll();
    }
  }

  window.LeaseChat = LeaseChat;
})();
