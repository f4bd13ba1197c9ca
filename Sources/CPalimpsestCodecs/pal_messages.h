// A bounded, de-duplicated list of decoder warnings, shared by the JPEG and PNG glue.
#ifndef PAL_MESSAGES_H
#define PAL_MESSAGES_H

#include <string.h>

#define PAL_MESSAGES_CAPACITY 1024
#define PAL_MESSAGES_MAX_COUNT 8

typedef struct {
    char text[PAL_MESSAGES_CAPACITY]; // messages separated by '\n', NUL-terminated
    size_t length;
    int count;
} pal_messages;

/// Appends `message` unless it is already listed, the list is full, or it would not fit.
static inline void pal_messages_add(pal_messages *list, const char *message) {
    size_t n = strlen(message);
    if (n == 0 || list->count >= PAL_MESSAGES_MAX_COUNT) return;
    // Already present as a whole line?
    const char *p = list->text;
    while (p < list->text + list->length) {
        const char *end = strchr(p, '\n');
        size_t line = end ? (size_t)(end - p) : strlen(p);
        if (line == n && memcmp(p, message, n) == 0) return;
        p += line + 1;
    }
    size_t needed = n + (list->length > 0 ? 1 : 0);
    if (list->length + needed + 1 > PAL_MESSAGES_CAPACITY) return;
    if (list->length > 0) list->text[list->length++] = '\n';
    memcpy(list->text + list->length, message, n);
    list->length += n;
    list->text[list->length] = '\0';
    list->count += 1;
}

/// Copies `message` into a fixed buffer, truncating it if needed.
static inline void pal_copy_message(char *buffer, size_t capacity, const char *message) {
    size_t n = strlen(message);
    if (n >= capacity) n = capacity - 1;
    memcpy(buffer, message, n);
    buffer[n] = '\0';
}

#endif
