/* Minimal Cortex-M4 startup for qemu's mps2-an386: vector table, a reset
 * handler that enables the FPU before any float code, copies .data,
 * clears .bss, paints the stack (for the high-water mark), opens the
 * semihosting console and exits with main's status; faults exit non-zero
 * instead of hanging. */
#include <stdint.h>
#include <stdlib.h>

extern uint32_t __data_load, __data_start, __data_end;
extern uint32_t __bss_start__, __bss_end__;
extern uint32_t __stack_limit, __stack_top;
extern int main(void);
extern void initialise_monitor_handles(void);

#define STACK_PAINT 0xC0FFEE11u

void Reset_Handler(void);
static void Fault_Handler(void);

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(&__stack_top),
    Reset_Handler,
    Fault_Handler, /* NMI */
    Fault_Handler, /* HardFault */
    Fault_Handler, /* MemManage */
    Fault_Handler, /* BusFault */
    Fault_Handler, /* UsageFault */
};

/* Paints the stack below the current frame. */
__attribute__((noinline)) static void paint_stack(void) {
  uintptr_t sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  for (uint32_t *p = &__stack_limit; (uintptr_t)p < sp - 64; p++) *p = STACK_PAINT;
}

/* Bytes of stack used so far (from the top to the deepest unpainted word). */
uint32_t stack_high_water(void) {
  uint32_t *p = &__stack_limit;
  while (p < &__stack_top && *p == STACK_PAINT) p++;
  return (uint32_t)((uintptr_t)&__stack_top - (uintptr_t)p);
}

/* Repaints the stack below the caller (to measure one call). */
__attribute__((noinline)) void stack_repaint(void) { paint_stack(); }

void Reset_Handler(void) {
  /* CPACR: full access to CP10 and CP11 (the FPU). */
  *(volatile uint32_t *)0xE000ED88 |= (0xFu << 20);
  __asm volatile("dsb\n isb");
  uint32_t *src = &__data_load;
  for (uint32_t *dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
  for (uint32_t *dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
  paint_stack();
  initialise_monitor_handles();
  exit(main());
}

static void Fault_Handler(void) { exit(99); }
