export const REQUEST_ID_HEADER: "x-request-id";
export const PRINCIPAL_HEADER: "x-axys-log-principal";
