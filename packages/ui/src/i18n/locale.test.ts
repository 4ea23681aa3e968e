import { describe, expect, it } from "vitest";
import type { SiteConfig, SiteLanguage } from "../site/site-config.js";
import { createLocale } from "./locale.js";

function config(language: SiteLanguage, currency = "EUR"): SiteConfig {
  return {
    country: "fr",
    language,
    countryName: "Test",
    event: { title: "Test", venue: "Test", startsAt: "2026-07-14T21:00:00+02:00", timeZone: "Europe/Paris" },
    currency,
    unitPrice: 45,
    colors: { accent: "#000091", highlight: "#e1000f", flag: { stripes: [], direction: "vertical" } },
  };
}

describe("locale", () => {
  it.each([
    ["fr", "+10 billets", "En ligne"],
    ["de", "+10 Tickets", "Online"],
    ["en-GB", "+10 tickets", "Online"],
    ["es", "+10 entradas", "En línea"],
  ] as const)("in %s, the buy button reads %s and the online badge %s", (language, button, badge) => {
    const { messages, number } = createLocale(config(language));

    expect(messages.buyButton(number(10))).toBe(button);
    expect(messages.connection.online).toBe(badge);
  });

  it.each(["fr", "de", "en-GB", "es"] as const)(
    "in %s, an order that could not be processed points to the Try again button, never to a new order, which could buy twice",
    (language) => {
      const { messages } = createLocale(config(language));

      expect(messages.rejection.processing_failed).toContain(messages.retryOrder);
    },
  );

  it.each([
    ["fr", "Serveur occupé", "Réessayer"],
    ["de", "Server ausgelastet", "Erneut versuchen"],
    ["en-GB", "Server busy", "Try again"],
    ["es", "Servidor ocupado", "Reintentar"],
  ] as const)("in %s, an order the broker refused reads %s, with a %s button", (language, busy, retry) => {
    const { messages } = createLocale(config(language));

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
    const { messages, number } = createLocale(config(language));

    expect(messages.orderStatus.expired).toBe(expired);
    expect(messages.sendAnyway).toBe(sendAnyway);
    expect(messages.announce.expired(messages.tickets(number(10)))).toBe(announced);
  });

  it("prices use the site's currency and language", () => {
    expect(createLocale(config("en-GB", "GBP")).price(420)).toBe("£420");
    expect(createLocale(config("en-GB", "GBP")).price(42.5)).toBe("£42.50");
    expect(createLocale(config("de")).price(4900)).toBe("4.900\u00a0€");
  });

  it("the event date is shown in the venue's time zone", () => {
    const { eventDate } = createLocale(config("en-GB"));

    expect(eventDate).toContain("14 July 2026");
    expect(eventDate).toContain("21:00");
  });

  it("an order placed today shows its time; one kept from an earlier day shows its date too", () => {
    const { time } = createLocale(config("en-GB"));
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
    const { countryName, messages } = createLocale(config(language));

    expect(countryName("de")).toBe(germany);
    expect(messages.stock.soldOut).toBe(soldOut);
  });
});
