/**
 * ISO 4217 currencies a Program may use as its base currency, with their minor-unit exponent
 * (ISO 4217 "minor unit" column). Curated to actively issued currencies of card markets.
 */
export const CURRENCIES: Record<string, { name: string; minorUnits: number }> = {
  AED: { name: "UAE dirham", minorUnits: 2 },
  AUD: { name: "Australian dollar", minorUnits: 2 },
  BGN: { name: "Bulgarian lev", minorUnits: 2 },
  BHD: { name: "Bahraini dinar", minorUnits: 3 },
  BRL: { name: "Brazilian real", minorUnits: 2 },
  CAD: { name: "Canadian dollar", minorUnits: 2 },
  CHF: { name: "Swiss franc", minorUnits: 2 },
  CLP: { name: "Chilean peso", minorUnits: 0 },
  CZK: { name: "Czech koruna", minorUnits: 2 },
  DKK: { name: "Danish krone", minorUnits: 2 },
  EUR: { name: "Euro", minorUnits: 2 },
  GBP: { name: "Pound sterling", minorUnits: 2 },
  HKD: { name: "Hong Kong dollar", minorUnits: 2 },
  HUF: { name: "Hungarian forint", minorUnits: 2 },
  IDR: { name: "Indonesian rupiah", minorUnits: 2 },
  ILS: { name: "Israeli new shekel", minorUnits: 2 },
  INR: { name: "Indian rupee", minorUnits: 2 },
  ISK: { name: "Icelandic króna", minorUnits: 0 },
  JOD: { name: "Jordanian dinar", minorUnits: 3 },
  JPY: { name: "Japanese yen", minorUnits: 0 },
  KES: { name: "Kenyan shilling", minorUnits: 2 },
  KRW: { name: "South Korean won", minorUnits: 0 },
  KWD: { name: "Kuwaiti dinar", minorUnits: 3 },
  MXN: { name: "Mexican peso", minorUnits: 2 },
  MYR: { name: "Malaysian ringgit", minorUnits: 2 },
  NGN: { name: "Nigerian naira", minorUnits: 2 },
  NOK: { name: "Norwegian krone", minorUnits: 2 },
  NZD: { name: "New Zealand dollar", minorUnits: 2 },
  OMR: { name: "Omani rial", minorUnits: 3 },
  PHP: { name: "Philippine peso", minorUnits: 2 },
  PLN: { name: "Polish złoty", minorUnits: 2 },
  RON: { name: "Romanian leu", minorUnits: 2 },
  SAR: { name: "Saudi riyal", minorUnits: 2 },
  SEK: { name: "Swedish krona", minorUnits: 2 },
  SGD: { name: "Singapore dollar", minorUnits: 2 },
  THB: { name: "Thai baht", minorUnits: 2 },
  TND: { name: "Tunisian dinar", minorUnits: 3 },
  TRY: { name: "Turkish lira", minorUnits: 2 },
  USD: { name: "US dollar", minorUnits: 2 },
  ZAR: { name: "South African rand", minorUnits: 2 },
};

export const CURRENCY_CODES = Object.keys(CURRENCIES);

/** Upper bound of a transaction-limit ceiling, in major units of any currency. */
export const MAX_LIMIT_MAJOR = 10n ** 9n;
