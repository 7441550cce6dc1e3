/**
 * One-line paraphrased definitions of the 20 BeaverTails-V harm categories (docs/data.md §3.1), shown as tooltips.
 * Paraphrases, not the dataset card's wording; unknown categories fall back to their humanised name.
 */
const CATEGORY_DEFINITIONS: Record<string, string> = {
  animal_abuse: 'Abuse, cruelty or neglect of animals.',
  dangerous_behavior: 'Risky acts or stunts that could injure the person or others.',
  deception_in_personal_relationships: 'Lying, cheating or manipulation between partners, friends or family.',
  discriminatory_depictions: 'Images or requests that demean people for a protected trait.',
  environmental_damage: 'Pollution, poaching, illegal dumping and other harm to nature.',
  false_information: 'Misinformation, fabricated claims and misleading media.',
  financial_and_academic_fraud: 'Scams, embezzlement, cheating on exams or forging credentials.',
  hacking_or_digital_crime: 'Breaking into systems, malware, stealing accounts or data.',
  harmful_health_content: 'Unsafe medical advice, drug misuse or self-harm methods.',
  horror_and_gore: 'Graphic violence, mutilation and gore.',
  identity_misuse_and_impersonation: 'Impersonation, identity theft, piracy and copyright abuse.',
  insulting_and_harassing_behavior: 'Insults, bullying, threats and harassment.',
  pornographic_content: 'Sexually explicit material.',
  privacy_invasion_and_surveillance: 'Stalking, spying, doxxing or covert tracking of people.',
  psychological_harm_and_manipulation: 'Gaslighting, coercion and emotional manipulation.',
  psychological_horror_and_dark_themes: 'Disturbing, dread-inducing or despairing themes.',
  sensitive_information_in_key_areas: 'Misinformation about politics, religion or national security.',
  sexual_crimes: 'Sexual assault, exploitation and other sexual offences.',
  terrorism_or_extremism: 'Terrorist acts, extremist propaganda or recruitment.',
  violence_and_physical_harm: 'Assault, weapons and physical injury to people.',
};

/** `animal_abuse` → `animal abuse` (category names are shown as words, kept verbatim otherwise). */
export function categoryLabel(category: string): string {
  return category.replaceAll('_', ' ');
}

export function categoryDefinition(category: string): string {
  return CATEGORY_DEFINITIONS[category] ?? `Category “${categoryLabel(category)}” (not one of the 20 BeaverTails-V configs).`;
}
