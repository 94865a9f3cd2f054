/* Dumps, for every code point, the IDNA data libidn2 2.3 and libunistring use
   (UTS #46 status and mapping, IDNA2008 property, bidi class, mark, virama,
   joining type), for scripts/gen-idna-tables.py. The library internals are
   reached by linking libidn2's static archive.
   gcc -O2 -o /tmp/gen-idna scripts/gen-idna-tables.c \
     /usr/lib/x86_64-linux-gnu/libidn2.a /usr/lib/x86_64-linux-gnu/libunistring.so.2 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <stdbool.h>
typedef struct { uint32_t cp1; uint16_t range; unsigned nmappings:5, offset:14, flag_index:3; } IDNAMap;
int get_idna_map (uint32_t c, IDNAMap * map);
int get_map_data (uint32_t * dst, const IDNAMap * map);
int map_is (const IDNAMap * map, unsigned flags);
int _idn2_disallowed_p(uint32_t), _idn2_unassigned_p(uint32_t), _idn2_contextj_p(uint32_t), _idn2_contexto_p(uint32_t);
typedef struct { uint32_t bitmask : 31; unsigned int generic : 1; union { const void *table; bool (*lookup_fn)(uint32_t, uint32_t); } lookup; } uc_general_category_t;
extern const uc_general_category_t UC_CATEGORY_M;
bool uc_is_general_category(uint32_t, uc_general_category_t);
int uc_bidi_category(uint32_t); int uc_combining_class(uint32_t); int uc_joining_type(uint32_t);
int main(void){
  for (uint32_t c = 0; c <= 0x10FFFF; c++) {
    IDNAMap m; memset(&m, 0, sizeof m); int found = get_idna_map(c, &m) == 0;
    unsigned flags = 0; if (found) for (unsigned f = 1; f <= 64; f <<= 1) if (map_is(&m, f)) flags |= f;
    uint32_t d[32]; int n = 0; if (found && (flags & (2|32))) n = get_map_data(d, &m);
    int prop = _idn2_unassigned_p(c) ? 4 : _idn2_disallowed_p(c) ? 3 : _idn2_contextj_p(c) ? 1 : _idn2_contexto_p(c) ? 2 : 0;
    printf("%x %u %d %d %d %d %d", c, flags, prop, uc_bidi_category(c), uc_is_general_category(c, UC_CATEGORY_M), uc_combining_class(c) == 9, uc_joining_type(c));
    for (int i = 0; i < n; i++) printf(" %x", d[i]);
    printf("\n");
  }
}
