import type { Language, SiteLanguage } from "./languages.js";
import { BRITISH_ENGLISH, FRENCH, GERMAN, SPANISH } from "./languages.js";

/** Every site language by its tag, for tests that go through them all; a tag without a Language does not compile. */
export const EVERY_LANGUAGE: Readonly<Record<SiteLanguage, Language>> = { fr: FRENCH, de: GERMAN, "en-GB": BRITISH_ENGLISH, es: SPANISH };
