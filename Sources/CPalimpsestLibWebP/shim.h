// libwebp and its demuxer (animated files), called from Swift: libwebp returns status codes and
// needs no trampoline. Its initialisers are macros that pass an ABI version, which Swift cannot
// call; they are re-exported here as inline functions.
#ifndef C_PALIMPSEST_LIBWEBP_SHIM_H
#define C_PALIMPSEST_LIBWEBP_SHIM_H

#include <webp/decode.h>
#include <webp/demux.h>

/// WebPInitDecoderConfig.
static inline int pal_webp_init_config(WebPDecoderConfig *config) {
    return WebPInitDecoderConfig(config);
}

/// WebPGetFeatures.
static inline VP8StatusCode pal_webp_get_features(const uint8_t *data, size_t size, WebPBitstreamFeatures *out) {
    return WebPGetFeatures(data, size, out);
}

/// WebPAnimDecoderOptionsInit.
static inline int pal_webp_anim_options_init(WebPAnimDecoderOptions *options) {
    return WebPAnimDecoderOptionsInit(options);
}

/// WebPAnimDecoderNew.
static inline WebPAnimDecoder *pal_webp_anim_decoder_new(const WebPData *data, const WebPAnimDecoderOptions *options) {
    return WebPAnimDecoderNew(data, options);
}

#endif
