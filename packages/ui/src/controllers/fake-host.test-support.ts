import type { ReactiveController, ReactiveControllerHost } from "lit";

/** A Lit element as its reactive controllers see it, with its lifecycle driven by hand. */
export interface FakeHost {
  readonly host: ReactiveControllerHost;
  /** One update: every controller's hostUpdate, then `render` (what the element would show), then hostUpdated. */
  readonly update: (render?: () => void) => void;
  /** The element left the page. */
  readonly disconnected: () => void;
  /** The element is (back) in the page. */
  readonly connected: () => void;
}

export function fakeHost(): FakeHost {
  const controllers: ReactiveController[] = [];
  const host: ReactiveControllerHost = {
    addController: (controller) => controllers.push(controller),
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  };
  return {
    host,
    update: (render) => {
      for (const controller of controllers) controller.hostUpdate?.();
      render?.();
      for (const controller of controllers) controller.hostUpdated?.();
    },
    disconnected: () => {
      for (const controller of controllers) controller.hostDisconnected?.();
    },
    connected: () => {
      for (const controller of controllers) controller.hostConnected?.();
    },
  };
}
