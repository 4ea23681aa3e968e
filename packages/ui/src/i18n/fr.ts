import { agreementIn } from "./agreement.js";
import type { Count, Messages } from "./messages.js";

const agree = agreementIn("fr");

/** Under an unconfirmed order, and in what screen readers hear of it: a buyer who orders again buys twice. */
const TIMED_OUT_DETAIL = "pas encore de réponse\u00a0: elle s’affichera ici dès son arrivée, ne commandez pas à nouveau";

export const fr: Messages = {
  siteName: "Billetterie",
  heroEyebrow: "En vente maintenant",
  buyHeading: "Acheter des billets",
  buyButton: (quantity) => `+${quantity} billets`,
  tickets: (count) => `${count} billets`,
  unitPrice: (price) => `${price} le billet`,
  offlineHint: "Les commandes passées maintenant attendent ici et partiront dès le retour de la connexion.",
  boxOfficeHint: "Le guichet ne répond pas\u00a0: les commandes passées maintenant attendent dans sa file et auront leur réponse à son retour.",
  ordersNotKept: "Ce navigateur n’enregistre pas vos commandes\u00a0: recharger la page perdrait celles encore sans réponse.",
  brokerError: {
    refused:
      "Le serveur de billetterie refuse l’accès à ce site pour l’instant. Vos commandes sont conservées et partiront dès que l’accès sera rétabli. Vous n’avez rien à faire\u00a0: patientez ou revenez plus tard.",
    closed:
      "Le serveur de billetterie a coupé la connexion. Vos commandes sont conservées et partiront dès qu’elle sera rétablie. Vous n’avez rien à faire\u00a0: patientez ou revenez plus tard.",
  },
  brokerWords: "Message de RabbitMQ\u00a0:",
  remaining: (count) => `${count} restants après celle-ci`,
  stock: {
    heading: "Stock en direct",
    headingNotLive: (time) => `Stock à ${time}`,
    headingUnheard: "Stock",
    meterLabel: "Billets restants",
    level: (remaining, total) => `${remaining} billets restants sur ${total}`,
    waiting: "En attente du stock en direct…",
    silent: "Le guichet ne répond pas",
    soldHeading: "Ventes par pays",
    ownCountry: "ce site",
    soldOut: "Complet",
    soldOutHint: "Tous les billets ont été vendus\u00a0: la vente est close.",
    lowStock: (count) => `Plus que ${count} billets.`,
  },
  connection: {
    connecting: "Connexion…",
    online: "En ligne",
    reconnecting: "Connexion perdue",
    offline: "Serveur injoignable",
  },
  deviceOffline: "Hors ligne",
  reconnect: {
    in: (seconds) => `nouvel essai dans ${seconds}\u00a0s`,
    trying: "nouvel essai…",
    noNetwork: "en attente du réseau",
    now: "Réessayer maintenant",
  },
  ordersHeading: "Vos commandes",
  ordersLabel: "Commandes",
  ordersEmpty: "Aucune commande pour l’instant.",
  ordersInOtherTabs: (count) =>
    agree(count, `${count.text} commande passée dans un autre onglet attend encore sa réponse là-bas.`, `${count.text} commandes passées ailleurs que dans cet onglet attendent encore leur réponse.`),
  orderStatus: {
    queued: "En attente de connexion",
    sending: "Envoi…",
    accepted: "En attente de confirmation",
    confirmed: "Confirmée",
    rejected: "Refusée",
    "timed-out": "Non confirmée",
    busy: "Serveur occupé",
    expired: "Non envoyée",
  },
  retryOrder: "Réessayer",
  sendAnyway: "Envoyer quand même",
  expiredDetail: "passée il y a plus d’un jour",
  timedOutDetail: TIMED_OUT_DETAIL,
  timedOutShort: "pas encore de réponse",
  resendShort: "déjà envoyée",
  resendDetail: "déjà envoyée\u00a0: elle repartira au retour de la connexion et ne sera enregistrée qu’une fois, ne commandez pas à nouveau",
  rejection: {
    too_large: "commande trop volumineuse",
    invalid_json: "message illisible",
    invalid_fields: "champs invalides",
    invalid_quantity: "quantité non proposée",
    country_mismatch: "pays incohérent",
    order_id_mismatch: "identifiant de commande incohérent",
    wrong_site: "site non autorisé",
    sold_out: "complet",
    processing_failed: "pas encore traitée\u00a0; utilisez «\u00a0Réessayer\u00a0» plutôt qu’une nouvelle commande, qui risquerait un double achat",
  },
  answeredIn: (duration) => `en ${duration}`,
  acceptedIn: (duration) => `reçue par le serveur en ${duration}`,
  stats: {
    inFlight: "En cours",
    confirmed: "Confirmées",
    rejected: "Refusées",
    timedOut: "Non confirmées",
    busy: "Serveur occupé",
    expired: "Non envoyées",
    median: "Moitié des réponses en",
    p95: "95\u00a0% des réponses en",
    noTimeYet: "pas encore de données",
  },
  rushHeading: "Rafale",
  rushDescription: (tickets) =>
    `Envoie une rafale de commandes de ${tickets} chacune aussi vite que le serveur les accepte\u00a0: la file se remplit puis se vide dans l’interface de gestion de RabbitMQ.`,
  rushOfflineHint: "Une rafale a besoin de la connexion au serveur.",
  rushOrder: { tag: "Rafale", spoken: "passée par une rafale" },
  rushStart: (count) => `Rafale\u00a0: ${count} commandes`,
  rushStop: "Arrêter",
  rushAccepted: "Acceptées par le serveur",
  rushAnswered: "Résultats",
  rushStatus: {
    running: "En cours",
    done: "Tout est envoyé",
    stopped: "Arrêtée",
    interrupted: "Interrompue (connexion perdue)",
    busy: "Serveur occupé, réessayez dans un instant",
  },
  rushPlaced: (placed, total) => placedOrders(placed, total),
  announce: {
    confirmed: (tickets) => `Commande de ${tickets} confirmée.`,
    rejected: (tickets, reason) => `Commande de ${tickets} refusée\u00a0: ${reason}.`,
    timedOut: (tickets) => `Commande de ${tickets} non confirmée, ${TIMED_OUT_DETAIL}.`,
    busy: (tickets) => `Commande de ${tickets} pas encore prise en compte\u00a0: le serveur est occupé, réessayez.`,
    expired: (tickets) => `Commande de ${tickets} non envoyée\u00a0: passée il y a plus d’un jour.`,
    notSent: "Pas de connexion au serveur\u00a0: la commande n’a pas été envoyée.",
    queued: (tickets) => `Commande de ${tickets} enregistrée\u00a0: elle partira dès le retour de la connexion.`,
    rushStarted: (count) => `Rafale lancée\u00a0: ${count} commandes.`,
    rushEnded: {
      done: (accepted, _placed, total) =>
        `Rafale terminée\u00a0: toutes les commandes sont envoyées, ${accepted.text} sur ${total.text} ${agree(accepted, "acceptée", "acceptées")}.`,
      stopped: (accepted, placed, total) => `Rafale arrêtée\u00a0: ${placedOrders(placed, total)}, ${acceptedCount(accepted)}.`,
      interrupted: (accepted, placed, total) =>
        `Rafale interrompue (connexion perdue)\u00a0: ${placedOrders(placed, total)}, ${acceptedCount(accepted)} pour l’instant\u00a0; celles restées sans réponse repartiront une fois la connexion rétablie.`,
      busy: (accepted, placed, total) => `Rafale arrêtée, le serveur est occupé\u00a0: ${placedOrders(placed, total)}, ${acceptedCount(accepted)}\u00a0; réessayez dans un instant.`,
    },
    rushAnswered: (confirmed, rejected, unconfirmed) =>
      `Bilan de la rafale\u00a0: ${confirmed.text} ${agree(confirmed, "confirmée", "confirmées")}, ${rejected.text} ${agree(rejected, "refusée", "refusées")}, ${unconfirmed.text} non ${agree(unconfirmed, "confirmée", "confirmées")}.`,
  },
  footer: (url, login) => `Votre navigateur publie directement sur RabbitMQ (${url}, utilisateur ${login}).`,
};

/** "16 commandes sur 100 passées", "1 commande sur 100 passée". */
function placedOrders(placed: Count, total: Count): string {
  return `${placed.text} ${agree(placed, "commande", "commandes")} sur ${total.text} ${agree(placed, "passée", "passées")}`;
}

/** "6 acceptées", "1 acceptée", "0 acceptée". */
function acceptedCount(accepted: Count): string {
  return `${accepted.text} ${agree(accepted, "acceptée", "acceptées")}`;
}
