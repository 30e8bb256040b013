import type { Outcome, Provision } from '../domain/model.js';

/** Sections E, F, G and H of the plans the demo seed and the council generator create. */
export const demoOutcomes = (): Outcome[] => [
  { id: 'O1', domain: 'education', description: 'Reads at age level', targetDate: '2027-07-31' },
  { id: 'O2', domain: 'community_participation', description: 'Joins a weekend club' },
  { id: 'O3', domain: 'independent_living', description: 'Travels to college independently' },
];

export const demoProvisions = (): Provision[] => [
  {
    id: 'F1',
    section: 'F',
    stream: 'education',
    description: '1:1 tuition',
    outcomeIds: ['O1'],
    categories: ['tuition', 'equipment'],
  },
  {
    id: 'H1',
    section: 'H2',
    stream: 'social_care',
    description: 'Short breaks and travel training',
    outcomeIds: ['O2', 'O3'],
    categories: ['short_breaks', 'personal_assistant', 'travel_training'],
  },
  {
    id: 'G1',
    section: 'G',
    stream: 'health',
    description: 'Speech and language therapy',
    outcomeIds: ['O1', 'O3'],
    categories: ['therapy', 'equipment'],
  },
];
