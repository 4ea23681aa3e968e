import { agreementIn } from "./agreement.js";
import type { Count, Messages } from "./messages.js";

const agree = agreementIn("es");

/** Under an unconfirmed order, and in what screen readers hear of it: a buyer who orders again buys twice. */
const TIMED_OUT_DETAIL = "aún sin respuesta: aparecerá aquí cuando llegue, no vuelva a hacer el pedido";

export const es: Messages = {
  siteName: "Entradas",
  heroEyebrow: "A la venta ya",
  buyHeading: "Comprar entradas",
  buyButton: (quantity) => `+${quantity} entradas`,
  tickets: (count) => `${count} entradas`,
  unitPrice: (price) => `${price} por entrada`,
  offlineHint: "Los pedidos que haga ahora esperan aquí y se enviarán en cuanto vuelva la conexión.",
  boxOfficeHint: "La taquilla no responde: los pedidos que haga ahora esperan en su cola y tendrán respuesta cuando vuelva.",
  ordersNotKept: "Este navegador no guarda sus pedidos: si recarga la página, perderá los que aún esperan respuesta.",
  brokerError: {
    refused:
      "El servidor de venta de entradas rechaza por ahora la conexión de este sitio. Sus pedidos se guardan y se enviarán en cuanto vuelva a aceptarla. No tiene que hacer nada: espere o vuelva más tarde.",
    closed:
      "El servidor de venta de entradas ha cerrado la conexión. Sus pedidos se guardan y se enviarán en cuanto se restablezca. No tiene que hacer nada: espere o vuelva más tarde.",
  },
  brokerWords: "Mensaje de RabbitMQ:",
  remaining: (count) => `${count} disponibles tras este pedido`,
  stock: {
    heading: "Disponibilidad en directo",
    // Short enough for one line on a 320 px phone: «Disponibilidad a las 12:34:56» took two, moving the rush below,
    // and «Disponibilidad (12:34:56)» left a bare time that did not say what it was.
    headingNotLive: (time) => `Stock a las ${time}`,
    headingUnheard: "Disponibilidad",
    meterLabel: "Entradas disponibles",
    level: (remaining, total) => `Quedan ${remaining} de ${total} entradas`,
    waiting: "Esperando la disponibilidad en directo…",
    silent: "La taquilla no responde",
    soldHeading: "Vendidas por país",
    ownCountry: "este sitio",
    soldOut: "Agotado",
    soldOutHint: "Se han vendido todas las entradas: la venta está cerrada.",
    lowStock: (count) => `Solo quedan ${count} entradas.`,
  },
  connection: {
    connecting: "Conectando…",
    online: "En línea",
    reconnecting: "Conexión perdida",
    offline: "Servidor inaccesible",
  },
  deviceOffline: "Sin conexión",
  reconnect: {
    in: (seconds) => `nuevo intento en ${seconds}\u00a0s`,
    trying: "nuevo intento…",
    noNetwork: "esperando a la red",
    now: "Reintentar ahora",
  },
  ordersHeading: "Sus pedidos",
  ordersLabel: "Pedidos",
  ordersEmpty: "Todavía no hay pedidos.",
  ordersInOtherTabs: (count) =>
    agree(count, `${count.text} pedido hecho en otra pestaña sigue esperando allí su respuesta.`, `${count.text} pedidos hechos fuera de esta pestaña siguen esperando su respuesta.`),
  orderStatus: {
    queued: "Esperando conexión",
    sending: "Enviando…",
    accepted: "Esperando confirmación",
    confirmed: "Confirmado",
    rejected: "Rechazado",
    "timed-out": "Sin confirmar",
    busy: "Servidor ocupado",
    expired: "No enviado",
  },
  retryOrder: "Reintentar",
  sendAnyway: "Enviar de todos modos",
  expiredDetail: "realizado hace más de un día",
  timedOutDetail: TIMED_OUT_DETAIL,
  timedOutShort: "aún sin respuesta",
  resendShort: "ya enviado",
  resendDetail: "ya enviado: se enviará de nuevo cuando vuelva la conexión y solo se registrará una vez, no vuelva a hacer el pedido",
  rejection: {
    too_large: "pedido demasiado grande",
    invalid_json: "mensaje ilegible",
    invalid_fields: "campos no válidos",
    invalid_quantity: "cantidad no disponible",
    country_mismatch: "país incoherente",
    order_id_mismatch: "identificador de pedido incoherente",
    wrong_site: "sitio no autorizado",
    sold_out: "agotado",
    processing_failed: "aún sin procesar; use «Reintentar» en lugar de hacer un pedido nuevo, que podría duplicar la compra",
  },
  answeredIn: (duration) => `en ${duration}`,
  acceptedIn: (duration) => `recibido por el servidor en ${duration}`,
  stats: {
    inFlight: "En curso",
    confirmed: "Confirmados",
    rejected: "Rechazados",
    timedOut: "Sin confirmar",
    busy: "Servidor ocupado",
    expired: "No enviados",
    median: "Mitad de las respuestas en",
    p95: "95\u00a0% de las respuestas en",
    noTimeYet: "sin datos aún",
  },
  rushHeading: "Avalancha de pedidos",
  rushDescription: (tickets) =>
    `Envía una avalancha de pedidos de ${tickets} cada uno tan rápido como el servidor los acepta: la cola se llena y se vacía en la consola de gestión de RabbitMQ.`,
  rushOfflineHint: "Una avalancha necesita la conexión con el servidor.",
  rushOrder: { tag: "Avalancha", spoken: "hecho por una avalancha" },
  rushStart: (count) => `Avalancha: ${count} pedidos`,
  rushStop: "Detener",
  rushAccepted: "Aceptados por el servidor",
  rushAnswered: "Resultados",
  rushStatus: {
    running: "En curso",
    done: "Todo enviado",
    stopped: "Detenida",
    interrupted: "Interrumpida (conexión perdida)",
    busy: "Servidor ocupado, inténtelo de nuevo en un momento",
  },
  rushPlaced: (placed, total) => `pedidos realizados: ${placed.text} de ${total.text}`,
  announce: {
    confirmed: (tickets) => `Pedido de ${tickets} confirmado.`,
    rejected: (tickets, reason) => `Pedido de ${tickets} rechazado: ${reason}.`,
    timedOut: (tickets) => `Pedido de ${tickets} sin confirmar, ${TIMED_OUT_DETAIL}.`,
    busy: (tickets) => `Pedido de ${tickets} aún no aceptado: el servidor está ocupado, inténtelo de nuevo.`,
    expired: (tickets) => `Pedido de ${tickets} no enviado: se realizó hace más de un día.`,
    notSent: "Sin conexión con el servidor: el pedido no se ha enviado.",
    queued: (tickets) => `Pedido de ${tickets} guardado: se enviará en cuanto vuelva la conexión.`,
    rushStarted: (count) => `Avalancha iniciada: ${count} pedidos.`,
    rushEnded: {
      done: (accepted, _placed, total) => `Avalancha terminada: todos los pedidos enviados, ${accepted.text} de ${total.text} aceptados.`,
      stopped: (accepted, placed, total) => `Avalancha detenida: ${placedOrders(placed, total)}, ${acceptedCount(accepted)}.`,
      interrupted: (accepted, placed, total) =>
        `Avalancha interrumpida (conexión perdida): ${placedOrders(placed, total)}, ${acceptedCount(accepted)} por ahora; los que siguen sin respuesta se reenvían al reconectar.`,
      busy: (accepted, placed, total) => `Avalancha detenida, el servidor está ocupado: ${placedOrders(placed, total)}, ${acceptedCount(accepted)}; inténtelo de nuevo en un momento.`,
    },
    rushAnswered: (confirmed, rejected, unconfirmed) =>
      `Resultado de la avalancha: ${confirmed.text} ${agree(confirmed, "confirmado", "confirmados")}, ${rejected.text} ${agree(rejected, "rechazado", "rechazados")}, ${unconfirmed.text} sin confirmar.`,
  },
  footer: (url, login) => `Su navegador publica directamente en RabbitMQ (${url}, usuario ${login}).`,
};

/** "se realizaron 16 de 100 pedidos", "se realizó 1 de 100 pedidos". */
function placedOrders(placed: Count, total: Count): string {
  return `${agree(placed, "se realizó", "se realizaron")} ${placed.text} de ${total.text} pedidos`;
}

/** "6 aceptados", "1 aceptado". */
function acceptedCount(accepted: Count): string {
  return `${accepted.text} ${agree(accepted, "aceptado", "aceptados")}`;
}
