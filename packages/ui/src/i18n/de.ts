import { agreementIn } from "./agreement.js";
import type { Messages } from "./messages.js";

const agree = agreementIn("de");

/** Under an unconfirmed order, and in what screen readers hear of it: a buyer who orders again buys twice. */
const TIMED_OUT_DETAIL = "noch keine Antwort: sie erscheint hier, sobald sie kommt – bitte nicht erneut bestellen";

export const de: Messages = {
  siteName: "Tickets",
  heroEyebrow: "Jetzt im Vorverkauf",
  buyHeading: "Tickets kaufen",
  buyButton: (quantity) => `+${quantity} Tickets`,
  tickets: (count) => `${count} Tickets`,
  unitPrice: (price) => `${price} pro Ticket`,
  offlineHint: "Neue Bestellungen warten hier und werden gesendet, sobald die Verbindung wieder steht.",
  boxOfficeHint: "Die Kasse antwortet nicht: Neue Bestellungen warten in ihrer Warteschlange und werden beantwortet, sobald sie wieder da ist.",
  ordersNotKept: "Dieser Browser speichert Ihre Bestellungen nicht: Beim Neuladen der Seite gehen unbeantwortete Bestellungen verloren.",
  brokerError: {
    refused:
      "Der Ticketserver verweigert dieser Seite zurzeit den Zugang. Bestellungen bleiben gespeichert und werden gesendet, sobald der Zugang wieder freigegeben ist. Es ist nichts weiter zu tun: einfach abwarten oder später wiederkommen.",
    closed:
      "Der Ticketserver hat die Verbindung getrennt. Bestellungen bleiben gespeichert und werden gesendet, sobald die Verbindung wieder steht. Es ist nichts weiter zu tun: einfach abwarten oder später wiederkommen.",
  },
  brokerWords: "Meldung von RabbitMQ:",
  remaining: (count) => `danach noch ${count} verfügbar`,
  stock: {
    heading: "Live-Bestand",
    // «Bestand (Stand: 12:34:56)» broke inside its brackets on a 320 px phone.
    headingNotLive: (time) => `Bestand um ${time}`,
    headingUnheard: "Bestand",
    meterLabel: "Verbleibende Tickets",
    level: (remaining, total) => `Noch ${remaining} von ${total} Tickets`,
    waiting: "Warten auf den Live-Bestand…",
    silent: "Die Kasse antwortet nicht",
    soldHeading: "Verkäufe nach Land",
    ownCountry: "diese Website",
    soldOut: "Ausverkauft",
    soldOutHint: "Alle Tickets sind verkauft, der Verkauf ist beendet.",
    lowStock: (count) => `Nur noch ${count} Tickets.`,
  },
  connection: {
    connecting: "Verbindungsaufbau…",
    online: "Online",
    reconnecting: "Verbindung verloren",
    offline: "Nicht erreichbar",
  },
  deviceOffline: "Offline",
  reconnect: {
    in: (seconds) => `neuer Versuch in ${seconds}\u00a0s`,
    trying: "neuer Versuch…",
    noNetwork: "wartet auf das Netzwerk",
    now: "Jetzt verbinden",
  },
  ordersHeading: "Ihre Bestellungen",
  ordersLabel: "Bestellungen",
  ordersEmpty: "Noch keine Bestellungen.",
  ordersInOtherTabs: (count) =>
    agree(count, `${count.text} Bestellung in einem anderen Tab wartet dort noch auf Antwort.`, `${count.text} Bestellungen, die außerhalb dieses Tabs aufgegeben wurden, warten noch auf Antwort.`),
  orderStatus: {
    queued: "Wartet auf Verbindung",
    sending: "Wird gesendet…",
    accepted: "Wartet auf Bestätigung",
    confirmed: "Bestätigt",
    rejected: "Abgelehnt",
    "timed-out": "Unbestätigt",
    busy: "Server ausgelastet",
    expired: "Nicht gesendet",
  },
  retryOrder: "Erneut versuchen",
  sendAnyway: "Trotzdem senden",
  expiredDetail: "vor mehr als einem Tag aufgegeben",
  timedOutDetail: TIMED_OUT_DETAIL,
  timedOutShort: "noch keine Antwort",
  resendShort: "bereits gesendet",
  resendDetail: "bereits gesendet: sie wird erneut gesendet, sobald die Verbindung wieder steht, und nur einmal gebucht – bitte nicht erneut bestellen",
  rejection: {
    too_large: "Bestellung zu groß",
    invalid_json: "Nachricht unlesbar",
    invalid_fields: "ungültige Felder",
    invalid_quantity: "Menge nicht im Angebot",
    country_mismatch: "Land stimmt nicht überein",
    order_id_mismatch: "Bestellnummer stimmt nicht überein",
    wrong_site: "Website nicht berechtigt",
    sold_out: "ausverkauft",
    processing_failed: "noch nicht verarbeitet – bitte „Erneut versuchen“ statt neu zu bestellen, sonst droht ein Doppelkauf",
  },
  answeredIn: (duration) => `in ${duration}`,
  acceptedIn: (duration) => `vom Server in ${duration} angenommen`,
  stats: {
    inFlight: "In Bearbeitung",
    confirmed: "Bestätigt",
    rejected: "Abgelehnt",
    timedOut: "Unbestätigt",
    busy: "Server ausgelastet",
    expired: "Nicht gesendet",
    median: "Hälfte beantwortet in",
    p95: "95\u00a0% beantwortet in",
    noTimeYet: "noch keine Daten",
  },
  rushHeading: "Ansturm",
  rushDescription: (tickets) =>
    `Löst einen Ansturm von Bestellungen über je ${tickets} aus, so schnell der Server sie annimmt: In der RabbitMQ-Verwaltung füllt und leert sich die Warteschlange.`,
  rushOfflineHint: "Ein Ansturm braucht die Verbindung zum Server.",
  rushOrder: { tag: "Ansturm", spoken: "von einem Ansturm aufgegeben" },
  rushStart: (count) => `Ansturm: ${count} Bestellungen`,
  rushStop: "Stoppen",
  rushAccepted: "Vom Server angenommen",
  rushAnswered: "Ergebnisse",
  rushStatus: {
    running: "Läuft",
    done: "Alle gesendet",
    stopped: "Gestoppt",
    interrupted: "Unterbrochen (Verbindung verloren)",
    busy: "Server ausgelastet, bitte gleich erneut versuchen",
  },
  rushPlaced: (placed, total) => `${placed.text} von ${total.text} gesendet`,
  announce: {
    confirmed: (tickets) => `Bestellung über ${tickets} bestätigt.`,
    rejected: (tickets, reason) => `Bestellung über ${tickets} abgelehnt: ${reason}.`,
    timedOut: (tickets) => `Bestellung über ${tickets} unbestätigt, ${TIMED_OUT_DETAIL}.`,
    busy: (tickets) => `Bestellung über ${tickets} noch nicht angenommen: Der Server ist ausgelastet, bitte erneut versuchen.`,
    expired: (tickets) => `Bestellung über ${tickets} nicht gesendet: Sie wurde vor mehr als einem Tag aufgegeben.`,
    notSent: "Keine Verbindung zum Server: Die Bestellung wurde nicht gesendet.",
    queued: (tickets) => `Bestellung über ${tickets} gespeichert: Sie wird gesendet, sobald die Verbindung wieder steht.`,
    rushStarted: (count) => `Ansturm gestartet: ${count} Bestellungen.`,
    rushEnded: {
      done: (accepted, _placed, total) => `Ansturm beendet: alle Bestellungen gesendet, ${accepted.text} von ${total.text} angenommen.`,
      stopped: (accepted, placed, total) => `Ansturm gestoppt: ${placed.text} von ${total.text} Bestellungen gesendet, ${accepted.text} angenommen.`,
      interrupted: (accepted, placed, total) =>
        `Ansturm unterbrochen (Verbindung verloren): ${placed.text} von ${total.text} Bestellungen gesendet, bisher ${accepted.text} angenommen; unbeantwortete werden nach dem Wiederverbinden erneut gesendet.`,
      busy: (accepted, placed, total) =>
        `Ansturm gestoppt, der Server ist ausgelastet: ${placed.text} von ${total.text} Bestellungen gesendet, ${accepted.text} angenommen; bitte gleich erneut versuchen.`,
    },
    rushAnswered: (confirmed, rejected, unconfirmed) => `Ergebnis des Ansturms: ${confirmed.text} bestätigt, ${rejected.text} abgelehnt, ${unconfirmed.text} unbestätigt.`,
  },
  footer: (url, login) => `Ihr Browser sendet direkt an RabbitMQ (${url}, Benutzer ${login}).`,
};
