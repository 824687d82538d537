/** A JSON value: what OCSF `json_t` attributes hold. */
export type OcsfJsonValue =
  | string
  | number
  | boolean
  | null
  | OcsfJsonValue[]
  | { [key: string]: OcsfJsonValue };
