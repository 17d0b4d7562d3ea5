/* The demo customer zone: log in as a seeded customer (development only), show the profile and
 * contracts from the contract API, and mount the chat widget with the customer's token. */
(function () {
  "use strict";

  const TOKEN_KEY = "leasedirect.customerToken";
  const PRODUCTS = {
    be_private_lease: "Private lease (België)",
    nl_business_lease: "Zakelijke lease (Nederland)",
    financing: "Financiering",
  };
  const $ = (id) => document.getElementById(id);

  function text(tag, value) {
    const node = document.createElement(tag);
    node.textContent = value;
    return node;
  }

  function fact(list, term, value) {
    list.append(text("dt", term), text("dd", value));
  }

  async function showLogin(message) {
    $("login").hidden = false;
    $("zone").hidden = true;
    $("login-error").textContent = message || "";
    const response = await fetch("/dev/customers");
    if (!response.ok) {
      $("login-error").textContent = "Demo-aanmelding is niet beschikbaar.";
      return;
    }
    const select = $("customer-select");
    select.replaceChildren();
    for (const customer of await response.json()) {
      const option = text("option", `${customer.name} (${customer.customer_number})`);
      option.value = customer.customer_number;
      select.append(option);
    }
    const wanted = new URLSearchParams(location.search).get("klant");
    if (wanted) select.value = wanted;
    $("login-button").disabled = false;
  }

  async function login(event) {
    event.preventDefault();
    const response = await fetch("/dev/customer-token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ customer_number: $("customer-select").value }),
    });
    if (!response.ok) {
      $("login-error").textContent = "Aanmelden is mislukt. Probeer het opnieuw.";
      return;
    }
    localStorage.setItem(TOKEN_KEY, (await response.json()).access_token);
    await start();
  }

  function logout() {
    localStorage.removeItem(TOKEN_KEY);
    location.reload();
  }

  async function start() {
    const token = localStorage.getItem(TOKEN_KEY);
    if (!token) return showLogin();
    const response = await fetch("/me", { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) {
      localStorage.removeItem(TOKEN_KEY);
      return showLogin("Uw sessie is verlopen. Meld u opnieuw aan.");
    }
    const me = await response.json();
    $("login").hidden = true;
    $("zone").hidden = false;
    const logoutButton = text("button", "Afmelden");
    logoutButton.className = "link";
    logoutButton.addEventListener("click", logout);
    $("who").replaceChildren(`Aangemeld als ${me.name} (${me.customer_number}) · `, logoutButton);
    $("welcome").textContent = `Welkom, ${me.name}`;
    const profile = $("profile");
    profile.replaceChildren();
    fact(profile, "Klantnummer", me.customer_number);
    fact(profile, "E-mail", me.email);
    fact(profile, "Telefoon", me.phone);
    fact(profile, "Rekeningnummer", me.iban_masked);
    const contracts = $("contracts");
    contracts.replaceChildren();
    for (const contract of me.contracts) {
      const card = document.createElement("article");
      card.className = "card";
      card.append(text("h3", `${contract.contract_number} · ${PRODUCTS[contract.product] || contract.product}`));
      const facts = document.createElement("dl");
      facts.className = "facts";
      if (contract.vehicle) {
        fact(facts, "Wagen", `${contract.vehicle.make} ${contract.vehicle.model}`);
        fact(facts, "Nummerplaat", contract.vehicle.license_plate);
      }
      fact(facts, "Looptijd", `${contract.start_date} tot ${contract.end_date}`);
      if (contract.yearly_km) fact(facts, "Kilometers per jaar", contract.yearly_km.toLocaleString("nl-BE"));
      fact(facts, "Maandprijs", contract.monthly_price_eur.toLocaleString("nl-BE", { style: "currency", currency: "EUR" }));
      card.append(facts);
      contracts.append(card);
    }
    const config = await (await fetch("/chat-config")).json();
    window.leaseChat = LeaseChat.mount({ token, rasaUrl: config.rasa_url });
  }

  $("login-form").addEventListener("submit", login);
  start();
})();
