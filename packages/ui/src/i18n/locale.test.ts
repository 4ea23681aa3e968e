import { describe, expect, it } from "vitest";
import { SITE_LANGUAGES } from "./languages.js";
import { parisSiteConfig } from "../site/test-site-config.test-support.js";
import { createLocale } from "./locale.js";
import type { Count, Messages } from "./messages.js";

/** A count as the announcer gives it, with its text as a sentence would show it. */
const count = (value: number): Count => ({ value, text: String(value) });

/** Every text of a table, those made by a function with placeholder values. */
function everyText(messages: Messages): string[] {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") texts.push(value);
    else if (typeof value === "function") collect((value as (...args: string[]) => unknown)("1", "2", "3"));
    else if (typeof value === "object" && value !== null) for (const inner of Object.values(value)) collect(inner);
  };
  collect(messages);
  return texts;
}

describe("locale", () => {
  it.each([
    ["fr", "+10 billets", "En ligne"],
    ["de", "+10 Tickets", "Online"],
    ["en-GB", "+10 tickets", "Online"],
    ["es", "+10 entradas", "En línea"],
  ] as const)("in %s, the buy button reads %s and the online badge %s", (language, button, badge) => {
    const { messages, number } = createLocale(parisSiteConfig(language));

    expect(messages.buyButton(number(10))).toBe(button);
    expect(messages.connection.online).toBe(badge);
  });

  it.each(SITE_LANGUAGES)(
    "in %s, an order that could not be processed points to the Try again button, never to a new order, which could buy twice",
    (language) => {
      const { messages } = createLocale(parisSiteConfig(language));

      expect(messages.rejection.processing_failed).toContain(messages.retryOrder);
    },
  );

  it.each([
    ["fr", "Serveur occupé", "Réessayer"],
    ["de", "Server ausgelastet", "Erneut versuchen"],
    ["en-GB", "Server busy", "Try again"],
    ["es", "Servidor ocupado", "Reintentar"],
  ] as const)("in %s, an order the broker refused reads %s, with a %s button", (language, busy, retry) => {
    const { messages } = createLocale(parisSiteConfig(language));

    expect(messages.orderStatus.busy).toBe(busy);
    expect(messages.retryOrder).toBe(retry);
    expect(messages.announce.busy("10")).toContain("10");
  });

  it.each([
    ["fr", "Non envoyée", "Envoyer quand même", "Commande de 10 billets non envoyée\u00a0: passée il y a plus d’un jour."],
    ["de", "Nicht gesendet", "Trotzdem senden", "Bestellung über 10 Tickets nicht gesendet: Sie wurde vor mehr als einem Tag aufgegeben."],
    ["en-GB", "Not sent", "Send anyway", "Order for 10 tickets not sent: placed more than a day ago."],
    ["es", "No enviado", "Enviar de todos modos", "Pedido de 10 entradas no enviado: se realizó hace más de un día."],
  ] as const)("in %s, an order kept too long to send unasked reads %s, with a %s button, and is announced in a sentence", (language, expired, sendAnyway, announced) => {
    const { messages, number } = createLocale(parisSiteConfig(language));

    expect(messages.orderStatus.expired).toBe(expired);
    expect(messages.sendAnyway).toBe(sendAnyway);
    expect(messages.announce.expired(messages.tickets(number(10)))).toBe(announced);
  });

  it.each([
    ["fr", "rafale"],
    ["de", "Ansturm"],
    ["en-GB", "rush"],
    ["es", "avalancha"],
  ] as const)("in %s, the rush is called %s everywhere: its heading, its button, its hint and every sentence told of it", (language, term) => {
    const { messages } = createLocale(parisSiteConfig(language));
    const { announce } = messages;

    const texts = [
      messages.rushHeading,
      messages.rushStart("100"),
      messages.rushOfflineHint,
      announce.rushStarted("100"),
      ...Object.values(announce.rushEnded).map((ended) => ended(count(90), count(95), count(100))),
      announce.rushAnswered(count(90), count(5), count(5)),
    ];

    for (const text of texts) expect(text.toLowerCase()).toContain(term.toLowerCase());
  });

  it.each(SITE_LANGUAGES)("in %s, the end of a rush is told in one sentence, its status not pasted in capitalised", (language) => {
    const { messages } = createLocale(parisSiteConfig(language));

    for (const [status, ended] of Object.entries(messages.announce.rushEnded)) {
      const sentence = ended(count(90), count(95), count(100));
      expect(sentence).toMatch(/^\p{Lu}[^.]*\.$/u);
      expect(sentence).not.toContain(messages.rushStatus[status as keyof typeof messages.rushStatus]);
      expect(sentence).toContain("90");
      expect(sentence).toContain("100");
      // Ended early, it says how many it placed: the others are not on their way.
      if (status !== "done") expect(sentence).toContain("95");
    }
  });

  it.each(SITE_LANGUAGES)("in %s, the rush's description says what each of its orders buys: its button counts orders, not tickets", (language) => {
    const { messages, number } = createLocale(parisSiteConfig(language));
    const tickets = messages.tickets(number(10));

    expect(messages.rushDescription(tickets)).toContain(tickets);
  });

  it.each(SITE_LANGUAGES)("in %s, the orders the broker refused are counted under the words their rows show", (language) => {
    const { messages } = createLocale(parisSiteConfig(language));

    expect(messages.stats.busy).toBe(messages.orderStatus.busy);
  });

  it.each([
    ["fr", "Stock à 12:34:56"],
    ["de", "Bestand um 12:34:56"],
    ["en-GB", "Stock as of 12:34:56"],
    ["es", "Stock a las 12:34:56"],
  ] as const)("in %s, the stock last heard at 12:34:56 is headed %s", (language, heading) => {
    expect(createLocale(parisSiteConfig(language)).messages.stock.headingNotLive("12:34:56")).toBe(heading);
  });

  it.each([
    ["fr", "Serveur injoignable", "nouvel essai dans 8\u00a0s", "Réessayer maintenant", "Hors ligne"],
    ["de", "Nicht erreichbar", "neuer Versuch in 8\u00a0s", "Jetzt verbinden", "Offline"],
    ["en-GB", "Server unreachable", "retrying in 8\u00a0s", "Retry now", "Offline"],
    ["es", "Servidor inaccesible", "nuevo intento en 8\u00a0s", "Reintentar ahora", "Sin conexión"],
  ] as const)("in %s, the badge of a site still trying reads %s · %s, with a %s button; without a network, %s", (language, unreachable, countdown, retryNow, deviceOffline) => {
    const { messages, number } = createLocale(parisSiteConfig(language));

    expect(messages.connection.offline).toBe(unreachable);
    expect(messages.deviceOffline).toBe(deviceOffline);
    expect(messages.reconnect.in(number(8))).toBe(countdown);
    expect(messages.reconnect.now).toBe(retryNow);
  });

  it.each([
    ["fr", "Le serveur de billetterie refuse l’accès à ce site pour l’instant.", "Le serveur de billetterie a coupé la connexion.", "revenez plus tard"],
    ["de", "Der Ticketserver verweigert dieser Seite zurzeit den Zugang.", "Der Ticketserver hat die Verbindung getrennt.", "später wiederkommen"],
    ["en-GB", "The ticket server is refusing this site for now.", "The ticket server has closed the connection.", "come back later"],
    ["es", "El servidor de venta de entradas rechaza por ahora la conexión de este sitio.", "El servidor de venta de entradas ha cerrado la conexión.", "vuelva más tarde"],
  ] as const)(
    "in %s, the broker's refusal is told as what it means for the buyer (%s, or %s for any other close): the orders wait, and there is nothing to do but wait or %s",
    (language, refused, closed, comeBack) => {
      const { messages } = createLocale(parisSiteConfig(language));
      const { brokerError } = messages;

      expect(brokerError.refused.startsWith(refused)).toBe(true);
      expect(brokerError.closed.startsWith(closed)).toBe(true);
      for (const sentence of [brokerError.refused, brokerError.closed]) {
        expect(sentence.toLowerCase()).toContain(messages.ordersLabel.toLowerCase());
        expect(sentence).toMatch(new RegExp(`${comeBack}\\.$`, "u"));
        expect(sentence).not.toMatch(/RabbitMQ|STOMP/u);
      }
    },
  );

  it.each(SITE_LANGUAGES)("in %s, every ellipsis is the typographic one, set close to its word", (language) => {
    for (const text of everyText(createLocale(parisSiteConfig(language)).messages)) {
      expect(text).not.toMatch(/\.\.\.|\s…/u);
    }
  });

  it("in German, the site speaks impersonally: no first-person verb", () => {
    const texts = everyText(createLocale(parisSiteConfig("de")).messages);

    expect(texts.filter((text) => /^(Verbinde|Warte|Sende|Lade)\b/u.test(text))).toEqual([]);
  });

  it.each([
    ["en-GB", ["23 ms", "999 ms", "1.0 s", "24.7 s"]],
    ["fr", ["23 ms", "999 ms", "1,0 s", "24,7 s"]],
    ["de", ["23 ms", "999 ms", "1,0 s", "24,7 s"]],
    ["es", ["23 ms", "999 ms", "1,0 s", "24,7 s"]],
  ] as const)("in %s, a duration shows in milliseconds under a second and in seconds from one on, both with their SI symbols and never broken before the unit", (language, shown) => {
    const { milliseconds } = createLocale(parisSiteConfig(language));

    const texts = [23, 999.4, 999.6, 24_745].map((value) => milliseconds(value));

    expect(texts.filter((text) => text.includes(" "))).toEqual([]);
    // French puts a narrow no-break space before the unit, the others a no-break space.
    expect(texts.map((text) => text.replace(/\s/gu, " "))).toEqual(shown);
  });

  it.each(SITE_LANGUAGES)("in %s, what screen readers hear of an unconfirmed order carries the row's advice not to order again", (language) => {
    const { messages } = createLocale(parisSiteConfig(language));

    expect(messages.announce.timedOut(messages.tickets("10"))).toContain(messages.timedOutDetail);
  });

  it("prices use the site's currency and language", () => {
    expect(createLocale(parisSiteConfig("en-GB", "GBP")).price(420)).toBe("£420");
    expect(createLocale(parisSiteConfig("en-GB", "GBP")).price(42.5)).toBe("£42.50");
    expect(createLocale(parisSiteConfig("de")).price(4900)).toBe("4.900\u00a0€");
  });

  it("the event date is shown in the venue's time zone", () => {
    const { eventDate } = createLocale(parisSiteConfig("en-GB"));

    expect(eventDate).toContain("14 July 2026");
    expect(eventDate).toContain("21:00");
  });

  it("an order placed today shows its time; one kept from an earlier day shows its date too", () => {
    const { time } = createLocale(parisSiteConfig("en-GB"));
    const placed = new Date(2026, 10, 25, 9, 30, 15);
    const laterThatDay = new Date(2026, 10, 25, 23, 59);
    const nextDay = new Date(2026, 10, 26, 0, 1);

    expect(time(placed.toISOString(), laterThatDay)).toBe("09:30:15");
    expect(time(placed.toISOString(), nextDay)).toBe("25 Nov 2026, 09:30:15");
  });

  it.each([
    ["fr", "Allemagne", "Complet"],
    ["de", "Deutschland", "Ausverkauft"],
    ["en-GB", "Germany", "Sold out"],
    ["es", "Alemania", "Agotado"],
  ] as const)("in %s, the stock meter names Germany %s and says %s when nothing is left", (language, germany, soldOut) => {
    const { countryName, messages } = createLocale(parisSiteConfig(language));

    expect(countryName("de")).toBe(germany);
    expect(messages.stock.soldOut).toBe(soldOut);
  });
});

describe("counts in sentences", () => {
  it.each([
    ["fr", [1, 0, 2], "Bilan de la rafale\u00a0: 1 confirmée, 0 refusée, 2 non confirmées."],
    ["es", [1, 0, 2], "Resultado de la avalancha: 1 confirmado, 0 rechazados, 2 sin confirmar."],
  ] as const)("in %s, the words of a rush's outcome agree with each count", (language, [a, b, c], sentence) => {
    const { announce } = createLocale(parisSiteConfig(language)).messages;

    expect(announce.rushAnswered(count(a), count(b), count(c))).toBe(sentence);
  });

  it.each([
    ["fr", "1 commande sur 100 passée", "16 commandes sur 100 passées"],
    ["es", "pedidos realizados: 1 de 100", "pedidos realizados: 16 de 100"],
    ["de", "1 von 100 gesendet", "16 von 100 gesendet"],
    ["en-GB", "1 of 100 placed", "16 of 100 placed"],
  ] as const)("in %s, a rush that ended early says how many of its orders it placed, agreeing with the count", (language, one, several) => {
    const { rushPlaced } = createLocale(parisSiteConfig(language)).messages;

    expect(rushPlaced(count(1), count(100))).toBe(one);
    expect(rushPlaced(count(16), count(100))).toBe(several);
  });

  it("in French, one order of a stopped rush is told in the singular, several in the plural", () => {
    const { rushEnded } = createLocale(parisSiteConfig("fr")).messages.announce;

    expect(rushEnded.stopped(count(1), count(1), count(100))).toBe("Rafale arrêtée\u00a0: 1 commande sur 100 passée, 1 acceptée.");
    expect(rushEnded.stopped(count(12), count(16), count(100))).toBe("Rafale arrêtée\u00a0: 16 commandes sur 100 passées, 12 acceptées.");
  });
});

