import type { Count } from "./messages.js";

/** Picks the form of a word that agrees with a count: `one` or `other`, by the language's plural rules. */
export type AgreeingForm = (count: Count, one: string, other: string) => string;

/**
 * The agreement of a language whose words take two forms: French takes the
 * singular for 0 and 1 ("0 refusée", "1 confirmée"), Spanish for 1 alone
 * ("0 rechazados", "1 confirmado").
 */
export function agreementIn(language: string): AgreeingForm {
  const rules = new Intl.PluralRules(language);
  return (count, one, other) => (rules.select(count.value) === "one" ? one : other);
}
