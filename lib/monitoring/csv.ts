import type { TransactionDto } from "@/lib/monitoring/transaction-query";

/** The transaction export's columns: the header and one row per transaction, as the list shows it to the reader. */
export const TRANSACTION_CSV_HEADER = [
  "id",
  "created_at",
  "program_id",
  "program",
  "type",
  "status",
  "amount",
  "currency",
  "card_last4",
  "cardholder_ref",
  "merchant",
  "mcc",
  "merchant_country",
  "reference",
];
export const transactionCsvRow = (t: TransactionDto): unknown[] => [
  t.id,
  t.createdAt,
  t.programId,
  t.programName,
  t.type,
  t.status,
  t.amount,
  t.currency,
  t.cardLast4,
  t.cardholderRef,
  t.merchantName,
  t.merchantCategory,
  t.merchantCountry,
  t.reference,
];
