import type { Country } from "@repo/contract";
import { siteLogin } from "@repo/contract";

/** A broker login. For sites these are public by nature: every browser receives them. */
export interface BrokerCredentials {
  login: string;
  passcode: string;
}

/**
 * The users rabbitmq/definitions.json creates, for local development and
 * tests only. A test in this package checks the two stay in step.
 */
export const BROKER_USERS = {
  /** Management UI and HTTP API. */
  admin: { login: "admin", passcode: "admin" },
  /** The Node consumer. */
  consumer: { login: "consumer", passcode: "consumer" },
} as const satisfies Record<string, BrokerCredentials>;

/** The login a country's site connects with. */
export function siteCredentials(country: Country): BrokerCredentials {
  const login = siteLogin(country);
  return { login, passcode: login };
}
