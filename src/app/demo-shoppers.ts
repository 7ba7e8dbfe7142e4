import type { PostalAddress } from "../modules/addresses/index.ts";

/** Sample shoppers for the demo history: deliverable addresses per country, and names. */
type DemoAddress = Omit<PostalAddress, "firstName" | "lastName" | "country">;

export const demoAddresses: Record<string, DemoAddress[]> = {
  US: [
    { line1: "12 Main St", city: "Springfield", region: "IL", postalCode: "62701" },
    { line1: "350 Fifth Ave", city: "New York", region: "NY", postalCode: "10118" },
    { line1: "1 Market St", city: "San Francisco", region: "CA", postalCode: "94105" },
    { line1: "400 Broad St", city: "Seattle", region: "WA", postalCode: "98109" },
    { line1: "100 Congress Ave", city: "Austin", region: "TX", postalCode: "78701" },
    { line1: "233 S Wacker Dr", city: "Chicago", region: "IL", postalCode: "60606" },
    { line1: "1 Ocean Dr", city: "Miami Beach", region: "FL", postalCode: "33139" },
    { line1: "700 Clark Ave", city: "St. Louis", region: "MO", postalCode: "63102" },
  ],
  CA: [
    { line1: "290 Bremner Blvd", city: "Toronto", region: "ON", postalCode: "M5V 3L9" },
    { line1: "800 Robson St", city: "Vancouver", region: "BC", postalCode: "V6Z 3B7" },
    { line1: "1000 Rue Sherbrooke O", city: "Montréal", region: "QC", postalCode: "H3A 3G4" },
  ],
  GB: [
    { line1: "221B Baker St", city: "London", postalCode: "NW1 6XE" },
    { line1: "1 Deansgate", city: "Manchester", postalCode: "M3 1AZ" },
  ],
  DE: [
    { line1: "Unter den Linden 77", city: "Berlin", postalCode: "10117" },
    { line1: "Marienplatz 8", city: "München", postalCode: "80331" },
    { line1: "Jungfernstieg 7", city: "Hamburg", postalCode: "20354" },
  ],
  FR: [
    { line1: "5 Avenue Anatole France", city: "Paris", postalCode: "75007" },
    { line1: "1 Place Bellecour", city: "Lyon", postalCode: "69002" },
  ],
  NL: [{ line1: "Damrak 1", city: "Amsterdam", postalCode: "1012 LG" }],
  ES: [{ line1: "Calle Mayor 1", city: "Madrid", postalCode: "28013" }],
  IT: [{ line1: "Via del Corso 12", city: "Roma", postalCode: "00186" }],
  AT: [{ line1: "Stephansplatz 1", city: "Wien", postalCode: "1010" }],
};

/** Where shoppers paying in each currency live, with weights. Unknown currencies use the store's country. */
export const demoCountriesByCurrency: Record<string, [country: string, weight: number][]> = {
  USD: [
    ["US", 80],
    ["CA", 12],
    ["GB", 8],
  ],
  EUR: [
    ["DE", 35],
    ["FR", 25],
    ["NL", 15],
    ["ES", 10],
    ["IT", 10],
    ["AT", 5],
  ],
  GBP: [["GB", 1]],
  CAD: [["CA", 1]],
};

export const demoFirstNames = [
  "Ada",
  "Grace",
  "Alan",
  "Katherine",
  "Linus",
  "Margaret",
  "Tim",
  "Barbara",
  "Dennis",
  "Frances",
  "Ken",
  "Radia",
  "Guido",
  "Hedy",
  "Edsger",
  "Sophie",
  "Jonas",
  "Léa",
  "Mateo",
  "Sofia",
  "Noah",
  "Emma",
  "Lukas",
  "Chloé",
  "Daan",
  "Lucía",
  "Giulia",
  "Oliver",
  "Amelia",
  "Liam",
];

export const demoLastNames = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Johnson",
  "Torvalds",
  "Hamilton",
  "Berners-Lee",
  "Liskov",
  "Ritchie",
  "Allen",
  "Thompson",
  "Perlman",
  "van Rossum",
  "Lamarr",
  "Dijkstra",
  "Wilson",
  "Schmidt",
  "Martin",
  "García",
  "Rossi",
  "de Vries",
  "Müller",
  "Dubois",
  "Smith",
  "Brown",
];
