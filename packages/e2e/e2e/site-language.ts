import type { Country } from "@repo/contract";

/**
 * What a buyer reads on each site, written here independently of the UI's
 * message tables, so the tests notice a site that lost its translation.
 */
export interface SiteLanguage {
  buyButton: (quantity: number) => string;
  tickets: (quantity: number) => string;
  /** The note above the orders while another open tab of the site holds one order still owed an answer. */
  /** In an answered row: the stock left once the consumer decided that order. */
  leftAfterOrder: RegExp;
  oneOrderInOtherTab: string;
  /** What the orders card says while the tab lists none. */
  ordersEmpty: string;
  online: string;
  /** The badge's state once a connection that was up is lost. */
  reconnecting: string;
  /** The badge's state while the site has not reached the broker yet, the browser having a network. */
  offline: string;
  /** The badge's state, whatever the connection's, while the browser says it has no network. */
  deviceOffline: string;
  /** Beside the badge's state while the connection is down: the countdown to the next attempt. */
  retryingIn: (seconds: number) => string;
  /** The badge's button that tries to connect at once. */
  retryNow: string;
  /** Beside the badge's state while the browser says it has no network, in place of the countdown. */
  waitingForNetwork: string;
  ordersList: string;
  confirmed: string;
  /** An order the consumer refused. */
  rejected: string;
  /** The reason shown under an order refused because the stock cannot cover it. */
  soldOutReason: string;
  /** Under an order that got no answer in time: it may still come, so do not order again. */
  timedOutAdvice: string;
  /** What the median and 95th percentile of the answer times say to screen readers before any answer: the eye sees a dash. */
  statsNoTimeYet: string;
  /** Under an order waiting for the connection that the site had sent before: it was sent, so do not order again. */
  resendAdvice: string;
  /** An order waiting in the outbox for the connection. */
  queued: string;
  /** Accessible name of the live stock meter. */
  stockMeter: string;
  /** What the meter says until the first stock broadcast. */
  stockWaiting: string;
  /** What it says instead once the connection has gone a few seconds without one: the consumer is not answering. */
  stockSilent: string;
  /** The stock card's heading while broadcasts come, or while the meter waits for the first. */
  stockHeading: string;
  /** The stock card's heading while not online: the time the page last heard the stock. */
  stockHeadingNotLive: RegExp;
  /** The stock card's heading while the box office is silent and nothing has been heard of the stock. */
  stockHeadingUnheard: string;
  /** Under the rush buttons while not online. */
  rushOfflineHint: string;
  /** Under the buy buttons while the box office is not answering: orders wait in its queue. */
  boxOfficeHint: string;
  /** Under the orders while the browser refuses to store them. */
  ordersNotKept: string;
  /** Accessible name of the list of sales per country. */
  soldPerCountry: string;
  /** After the site's own country in the sales, for screen readers only. */
  ownCountry: string;
  soldOut: string;
  /** The button that sends a busy order, or one the consumer could not process, again. */
  retry: string;
  /** How the reason of an order the consumer could not process (`processing_failed`) begins. */
  unprocessed: string;
  /** An order the site never sent (clicked offline), kept over a day: not sent unasked. */
  expired: string;
  /** The button that sends an expired order anyway. */
  sendAnyway: string;
  /** What screen readers hear when an order of `quantity` tickets expires. */
  expiredAnnouncement: (quantity: number) => string;
  /** The button that starts a rush of `count` orders. */
  rushStart: (count: number) => string;
  rushStop: string;
  /** Heading of the rush's card. */
  rushHeading: string;
  /** The tag on each order a rush placed, in the order list. */
  rushOrder: string;
  /** What screen readers hear of that tag. */
  rushOrderSpoken: string;
  /** How the rush stands once the connection dropped while it ran. */
  rushInterrupted: string;
  /** Beside the status of a rush that ended early: how many of its orders it placed (several). */
  rushPlaced: (placed: number, total: number) => string;
  /** Label of the rush's bar of answered orders. */
  rushAnswered: string;
  /** How the announcement of a rush's outcomes begins when all `count` orders were confirmed. */
  rushAllConfirmed: (count: number) => string;
  /** How the strip under the header begins while the broker refuses the site's login: what that means for the buyer; the broker's own words follow, in a smaller line. */
  brokerRefused: string;
}

export const SITE_LANGUAGES: Record<Country, SiteLanguage> = {
  fr: {
    buyButton: (quantity) => `+${quantity} billets`,
    tickets: (quantity) => `${quantity} billets`,
    oneOrderInOtherTab: "1 commande passée dans un autre onglet attend encore sa réponse là-bas.",
    leftAfterOrder: /[\d\s\u202f]+ restants après celle-ci/,
    ordersEmpty: "Aucune commande pour l’instant.",
    online: "En ligne",
    reconnecting: "Connexion perdue",
    offline: "Serveur injoignable",
    deviceOffline: "Hors ligne",
    retryingIn: (seconds) => `nouvel essai dans ${seconds}\u00a0s`,
    retryNow: "Réessayer maintenant",
    waitingForNetwork: "en attente du réseau",
    ordersList: "Commandes",
    confirmed: "Confirmée",
    rejected: "Refusée",
    soldOutReason: "complet",
    timedOutAdvice: "ne commandez pas à nouveau",
    statsNoTimeYet: "pas encore de données",
    resendAdvice: "déjà envoyée",
    queued: "En attente de connexion",
    stockMeter: "Billets restants",
    stockWaiting: "En attente du stock en direct…",
    stockSilent: "Le guichet ne répond pas",
    stockHeading: "Stock en direct",
    stockHeadingNotLive: /^Stock à \d{2}:\d{2}:\d{2}$/,
    stockHeadingUnheard: "Stock",
    rushOfflineHint: "Une rafale a besoin de la connexion au serveur.",
    boxOfficeHint: "Le guichet ne répond pas\u00a0: les commandes passées maintenant attendent dans sa file et auront leur réponse à son retour.",
    ordersNotKept: "Ce navigateur n’enregistre pas vos commandes\u00a0: recharger la page perdrait celles encore sans réponse.",
    soldPerCountry: "Ventes par pays",
    ownCountry: "ce site",
    soldOut: "Complet",
    rushStart: (count) => `Rafale\u00a0: ${count} commandes`,
    rushStop: "Arrêter",
    rushHeading: "Rafale",
    rushOrder: "Rafale",
    rushOrderSpoken: "passée par une rafale",
    rushInterrupted: "Interrompue (connexion perdue)",
    rushPlaced: (placed, total) => `${placed} commandes sur ${total} passées`,
    retry: "Réessayer",
    unprocessed: "pas encore traitée",
    expired: "Non envoyée",
    sendAnyway: "Envoyer quand même",
    expiredAnnouncement: (quantity) => `Commande de ${quantity} billets non envoyée\u00a0: passée il y a plus d’un jour.`,
    rushAnswered: "Résultats",
    rushAllConfirmed: (count) => `Bilan de la rafale\u00a0: ${count} confirmées`,
    brokerRefused: "Le serveur de billetterie refuse l’accès à ce site pour l’instant.",
  },
  de: {
    buyButton: (quantity) => `+${quantity} Tickets`,
    tickets: (quantity) => `${quantity} Tickets`,
    oneOrderInOtherTab: "1 Bestellung in einem anderen Tab wartet dort noch auf Antwort.",
    leftAfterOrder: /danach noch [\d.]+ verfügbar/,
    ordersEmpty: "Noch keine Bestellungen.",
    online: "Online",
    reconnecting: "Verbindung verloren",
    offline: "Nicht erreichbar",
    deviceOffline: "Offline",
    retryingIn: (seconds) => `neuer Versuch in ${seconds}\u00a0s`,
    retryNow: "Jetzt verbinden",
    waitingForNetwork: "wartet auf das Netzwerk",
    ordersList: "Bestellungen",
    confirmed: "Bestätigt",
    rejected: "Abgelehnt",
    soldOutReason: "ausverkauft",
    timedOutAdvice: "nicht erneut bestellen",
    statsNoTimeYet: "noch keine Daten",
    resendAdvice: "bereits gesendet",
    queued: "Wartet auf Verbindung",
    stockMeter: "Verbleibende Tickets",
    stockWaiting: "Warten auf den Live-Bestand…",
    stockSilent: "Die Kasse antwortet nicht",
    stockHeading: "Live-Bestand",
    stockHeadingNotLive: /^Bestand um \d{2}:\d{2}:\d{2}$/,
    stockHeadingUnheard: "Bestand",
    rushOfflineHint: "Ein Ansturm braucht die Verbindung zum Server.",
    boxOfficeHint: "Die Kasse antwortet nicht: Neue Bestellungen warten in ihrer Warteschlange und werden beantwortet, sobald sie wieder da ist.",
    ordersNotKept: "Dieser Browser speichert Ihre Bestellungen nicht: Beim Neuladen der Seite gehen unbeantwortete Bestellungen verloren.",
    soldPerCountry: "Verkäufe nach Land",
    ownCountry: "diese Website",
    soldOut: "Ausverkauft",
    rushStart: (count) => `Ansturm: ${count} Bestellungen`,
    rushStop: "Stoppen",
    rushHeading: "Ansturm",
    rushOrder: "Ansturm",
    rushOrderSpoken: "von einem Ansturm aufgegeben",
    rushInterrupted: "Unterbrochen (Verbindung verloren)",
    rushPlaced: (placed, total) => `${placed} von ${total} gesendet`,
    retry: "Erneut versuchen",
    unprocessed: "noch nicht verarbeitet",
    expired: "Nicht gesendet",
    sendAnyway: "Trotzdem senden",
    expiredAnnouncement: (quantity) => `Bestellung über ${quantity} Tickets nicht gesendet: Sie wurde vor mehr als einem Tag aufgegeben.`,
    rushAnswered: "Ergebnisse",
    rushAllConfirmed: (count) => `Ergebnis des Ansturms: ${count} bestätigt`,
    brokerRefused: "Der Ticketserver verweigert dieser Seite zurzeit den Zugang.",
  },
  gb: {
    buyButton: (quantity) => `+${quantity} tickets`,
    tickets: (quantity) => `${quantity} tickets`,
    oneOrderInOtherTab: "1 order placed in another tab is still awaiting its answer there.",
    leftAfterOrder: /[\d,]+ left after this order/,
    ordersEmpty: "No orders yet.",
    online: "Online",
    reconnecting: "Connection lost",
    offline: "Server unreachable",
    deviceOffline: "Offline",
    retryingIn: (seconds) => `retrying in ${seconds}\u00a0s`,
    retryNow: "Retry now",
    waitingForNetwork: "waiting for the network",
    ordersList: "Orders",
    confirmed: "Confirmed",
    rejected: "Rejected",
    soldOutReason: "sold out",
    timedOutAdvice: "don’t order again",
    statsNoTimeYet: "no data yet",
    resendAdvice: "sent once already",
    queued: "Waiting for connection",
    stockMeter: "Tickets left",
    stockWaiting: "Waiting for the live stock…",
    stockSilent: "The box office isn’t answering",
    stockHeading: "Live stock",
    stockHeadingNotLive: /^Stock as of \d{2}:\d{2}:\d{2}$/,
    stockHeadingUnheard: "Stock",
    rushOfflineHint: "A rush needs the connection to the server.",
    boxOfficeHint: "The box office isn’t answering: orders you place now wait in its queue and are answered once it is back.",
    ordersNotKept: "This browser is not saving your orders: reloading the page would lose those still awaiting an answer.",
    soldPerCountry: "Sales by country",
    ownCountry: "this site",
    soldOut: "Sold out",
    rushStart: (count) => `Rush: ${count} orders`,
    rushStop: "Stop",
    rushHeading: "Rush",
    rushOrder: "Rush",
    rushOrderSpoken: "placed by a rush",
    rushInterrupted: "Interrupted (connection lost)",
    rushPlaced: (placed, total) => `${placed} of ${total} placed`,
    retry: "Try again",
    unprocessed: "not processed yet",
    expired: "Not sent",
    sendAnyway: "Send anyway",
    expiredAnnouncement: (quantity) => `Order for ${quantity} tickets not sent: placed more than a day ago.`,
    rushAnswered: "Outcomes",
    rushAllConfirmed: (count) => `Rush outcome: ${count} confirmed`,
    brokerRefused: "The ticket server is refusing this site for now.",
  },
  es: {
    buyButton: (quantity) => `+${quantity} entradas`,
    tickets: (quantity) => `${quantity} entradas`,
    oneOrderInOtherTab: "1 pedido hecho en otra pestaña sigue esperando allí su respuesta.",
    leftAfterOrder: /[\d.]+ disponibles tras este pedido/,
    ordersEmpty: "Todavía no hay pedidos.",
    online: "En línea",
    reconnecting: "Conexión perdida",
    offline: "Servidor inaccesible",
    deviceOffline: "Sin conexión",
    retryingIn: (seconds) => `nuevo intento en ${seconds}\u00a0s`,
    retryNow: "Reintentar ahora",
    waitingForNetwork: "esperando a la red",
    ordersList: "Pedidos",
    confirmed: "Confirmado",
    rejected: "Rechazado",
    soldOutReason: "agotado",
    timedOutAdvice: "no vuelva a hacer el pedido",
    statsNoTimeYet: "sin datos aún",
    resendAdvice: "ya enviado",
    queued: "Esperando conexión",
    stockMeter: "Entradas disponibles",
    stockWaiting: "Esperando la disponibilidad en directo…",
    stockSilent: "La taquilla no responde",
    stockHeading: "Disponibilidad en directo",
    stockHeadingNotLive: /^Stock a las \d{1,2}:\d{2}:\d{2}$/,
    stockHeadingUnheard: "Disponibilidad",
    rushOfflineHint: "Una avalancha necesita la conexión con el servidor.",
    boxOfficeHint: "La taquilla no responde: los pedidos que haga ahora esperan en su cola y tendrán respuesta cuando vuelva.",
    ordersNotKept: "Este navegador no guarda sus pedidos: si recarga la página, perderá los que aún esperan respuesta.",
    soldPerCountry: "Vendidas por país",
    ownCountry: "este sitio",
    soldOut: "Agotado",
    rushStart: (count) => `Avalancha: ${count} pedidos`,
    rushStop: "Detener",
    rushHeading: "Avalancha de pedidos",
    rushOrder: "Avalancha",
    rushOrderSpoken: "hecho por una avalancha",
    rushInterrupted: "Interrumpida (conexión perdida)",
    rushPlaced: (placed, total) => `pedidos realizados: ${placed} de ${total}`,
    retry: "Reintentar",
    unprocessed: "aún sin procesar",
    expired: "No enviado",
    sendAnyway: "Enviar de todos modos",
    expiredAnnouncement: (quantity) => `Pedido de ${quantity} entradas no enviado: se realizó hace más de un día.`,
    rushAnswered: "Resultados",
    rushAllConfirmed: (count) => `Resultado de la avalancha: ${count} confirmados`,
    brokerRefused: "El servidor de venta de entradas rechaza por ahora la conexión de este sitio.",
  },
};
