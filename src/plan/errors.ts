/** The input is not a plan this command can read (wrong file, or not `terraform show -json`). */
export class PlanFormatError extends Error {
  override readonly name = 'PlanFormatError';
}
