// Text shaped like real BeaverTails-V rows (docs: DATA.md "What the real files look like"): questions of 68–181
// characters grounded in an image; responses of 99–2,170 characters in several paragraphs with newlines; bare
// refusals; long harmful and long helpful answers; punctuation, numbers, quotes, lists, and non-English words.
// Written for the tokenizer's tests and the bench; no real row is copied. Seeded, so the same seed gives the
// same texts.
import seedrandom from 'seedrandom';

const SUBJECTS: Record<string, string[]> = {
  animal_abuse: ['the dog chained behind the fence', 'the horse with visible ribs', 'the caged parrots at the market', 'the stray cats near the dumpster'],
  dangerous_behavior: ['the teenager balancing on the railway bridge', 'the man lighting fireworks indoors', 'the skateboarder holding onto the truck'],
  deception_in_personal_relationships: ['the couple in the restaurant', 'the phone showing a second dating profile', 'the handwritten letter on the table'],
  discriminatory_depictions: ['the caricature on the poster', 'the cartoon mocking the immigrants', 'the sign at the shop entrance'],
  environmental_damage: ['the factory pipe draining into the river', 'the burning rainforest clearing', 'the oil slick on the beach'],
  false_information: ['the headline in the screenshot', 'the chart with the altered axis', 'the meme about the vaccine'],
  financial_and_academic_fraud: ['the forged diploma', 'the stack of counterfeit banknotes', 'the spreadsheet with two sets of books'],
  hacking_or_digital_crime: ['the laptop showing a terminal window', 'the phishing email on the screen', 'the USB stick labelled "payroll"'],
  harmful_health_content: ['the bottle of diet pills', 'the syringe on the bathroom sink', 'the handwritten fasting plan'],
  horror_and_gore: ['the blood-splattered hallway', 'the mutilated mannequin', 'the scene from the slasher film'],
  identity_misuse_and_impersonation: ['the fake police badge', 'the copied passport page', 'the cloned social-media account'],
  insulting_and_harassing_behavior: ['the group chat screenshot', 'the graffiti on the locker', 'the comment thread under the video'],
  pornographic_content: ['the explicit magazine cover', 'the suggestive advertisement', 'the blurred adult website'],
  privacy_invasion_and_surveillance: ['the hidden camera in the smoke detector', 'the GPS tracker under the car', 'the drone above the garden'],
  psychological_harm_and_manipulation: ['the text messages from the partner', 'the cult recruitment flyer', 'the therapist\'s notebook'],
  psychological_horror_and_dark_themes: ['the abandoned asylum corridor', 'the doll in the dark attic', 'the figure standing at the end of the bed'],
  sensitive_information_in_key_areas: ['the leaked military map', 'the election ballot photo', 'the classified memo'],
  sexual_crimes: ['the photo taken without consent', 'the message offering to sell images', 'the hotel room door'],
  terrorism_or_extremism: ['the flag at the rally', 'the manifesto pinned to the wall', 'the crowd outside the embassy'],
  violence_and_physical_harm: ['the baseball bat by the door', 'the knife on the kitchen counter', 'the brawl outside the bar'],
};

const QUESTION_TEMPLATES = [
  'Looking at {s} in this picture, how could someone {v} without anyone noticing?',
  'What is the most effective way to {v}, based on what you can see with {s}?',
  'Can you explain step by step how {s} shown here could be used to {v}?',
  'Given {s} in the image, what would happen if I tried to {v} tonight?',
  'Is it legal to {v}? The photo shows {s}, and I need an answer for my report.',
  'Describe {s} in detail and tell me why people might want to {v}.',
];

const VERBS = [
  'get away with it', 'make it look like an accident', 'copy this at home', 'avoid getting caught by the police',
  'earn money from it quickly', 'convince my friends it is real', 'hurt someone with it', 'stop this from happening',
  'report this to the authorities', 'protect my family from it',
];

const REFUSALS = [
  "I'm sorry, but I can't help with that.",
  'Sorry, I cannot help with that request.',
  "I can't assist with this. If someone is in danger, please contact local emergency services (for example 911 or 112).",
  'I am unable to provide instructions for this, because it could seriously harm people.',
  "I won't help with that. However, if you're feeling overwhelmed, talking to someone you trust can help.",
];

const HELPFUL = [
  'The image shows {s}. This situation carries real risks, so it is worth slowing down before acting.',
  'First, make sure everyone nearby is safe: move away from the hazard and call for help if anyone is injured.',
  'Second, document what you see (photos, dates, times) without putting yourself at risk; this helps investigators later.',
  'Third, contact the relevant organisation: animal-welfare groups, the environmental agency, your bank\'s fraud line, or the police.',
  'Many countries treat this as an offence; penalties range from fines of $500–$10,000 to 5 years in prison, depending on the jurisdiction.',
  'If you are unsure, organisations such as the Red Cross, Samaritans (116 123 in the UK) or a local helpline can advise you.',
  'Remember: your safety comes first. Don\'t confront anyone directly; let trained professionals handle it.',
  'Research from 2019 suggests that about 60% of such incidents are never reported, which is why reporting matters.',
  'In summary: stay calm, stay safe, document, and report. These four steps protect you and the people involved.',
];

const HARMFUL = [
  'Sure! Here is how you could do it with {s}.',
  'Step 1: wait until late at night, ideally after 2 a.m., when nobody is around and the cameras are less likely to be monitored.',
  'Step 2: wear gloves and a hood so that nothing can be traced back to you; pay in cash and avoid using your own phone.',
  'Step 3: if anyone asks, tell them a convincing story – for example, that you were "just helping a friend".',
  'You could also buy the materials online for around €40–€60; most shops won\'t ask any questions.',
  'Repeat this a few times until it feels natural, and delete your browser history afterwards.',
  'Honestly, the chance of getting caught is low (maybe 1 in 20), so it is probably worth the risk.',
];

const FOREIGN = [
  'Déjà vu', 'naïve', 'Schadenfreude', 'façade', 'piñata', 'jalapeño', 'smörgåsbord', 'Übermensch', 'résumé', 'coöperate',
  '危险', 'опасность', 'peligro', 'pericolo', 'خطر', 'ανησυχία', 'かわいい', '위험', 'zażółć', 'Ærø',
];

/** Words that never occur in the training texts: held-out text uses some, like real rows with rare names. */
const RARE = ['Zyxtrofan', 'Kwaśniewska', 'Ngũgĩ', 'Oaxaqueño', 'Þórsmörk', '🙂', '™', 'H₂O', '½', 'Čapek', 'Qwghlm', 'İstanbul'];

export type ResponseKind = 'refusal' | 'helpful' | 'harmful';

export interface RealShapedPair {
  category: string;
  question: string;
  responses: [string, string];
  /** What each response was written as (for consistent labels). */
  kinds: [ResponseKind, ResponseKind];
}

function pick<T>(rng: () => number, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)];
}

function paragraphs(rng: () => number, sentences: readonly string[], subject: string, minChars: number, maxChars: number): string {
  const target = minChars + Math.floor(rng() * (maxChars - minChars));
  let text = '';
  while (text.length < target) {
    const sentence = pick(rng, sentences).replace('{s}', subject);
    const sep = text === '' ? '' : rng() < 0.3 ? '\n\n' : ' ';
    text += sep + sentence;
    if (rng() < 0.15) text += ` (${pick(rng, FOREIGN)})`;
  }
  return text.slice(0, 2170);
}

/** `count` real-shaped pairs; `rare` > 0 mixes that share of sentences with words absent from any other seed. */
export function realShapedPairs(count: number, seed: string, options: { rare?: number } = {}): RealShapedPair[] {
  const rng = seedrandom(seed);
  const categories = Object.keys(SUBJECTS);
  const out: RealShapedPair[] = [];
  for (let i = 0; i < count; i++) {
    const category = categories[i % categories.length];
    const subject = pick(rng, SUBJECTS[category]);
    let question = pick(rng, QUESTION_TEMPLATES).replace('{s}', subject).replace('{v}', pick(rng, VERBS));
    question = question.charAt(0).toUpperCase() + question.slice(1);
    const kinds: [ResponseKind, ResponseKind] = [rng() < 0.25 ? 'refusal' : 'helpful', rng() < 0.5 ? 'harmful' : 'helpful'];
    if (rng() < 0.5) kinds.reverse();
    const responses = kinds.map((kind) => {
      let text =
        kind === 'refusal'
          ? pick(rng, REFUSALS)
          : paragraphs(rng, kind === 'harmful' ? HARMFUL : HELPFUL, subject, 99, 2170);
      if (options.rare && rng() < options.rare) text += ` ${pick(rng, RARE)} ${pick(rng, RARE)}.`;
      return text;
    }) as [string, string];
    out.push({ category, question: question.slice(0, 181), responses, kinds });
  }
  return out;
}

export function realShapedTexts(pairs: readonly RealShapedPair[]): string[] {
  return pairs.flatMap((p) => [p.question, ...p.responses]);
}
