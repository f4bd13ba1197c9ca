// Writes a YCCK JPEG (Adobe APP14, transform 2) from raw CMYK samples, which Pillow cannot do.
// Usage: make_ycck WIDTH HEIGHT IN.cmyk OUT.jpg   (cc make_ycck.c -ljpeg -o make_ycck)
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>

int main(int argc, char **argv) {
    if (argc != 5) return 2;
    int width = atoi(argv[1]), height = atoi(argv[2]);
    unsigned char *pixels = malloc((size_t)width * height * 4);
    FILE *in = fopen(argv[3], "rb");
    if (!in || fread(pixels, 4, (size_t)width * height, in) != (size_t)width * height) return 1;
    fclose(in);
    FILE *out = fopen(argv[4], "wb");
    if (!out) return 1;
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, out);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = 4;
    cinfo.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&cinfo);
    jpeg_set_colorspace(&cinfo, JCS_YCCK); // also turns on the Adobe marker
    jpeg_set_quality(&cinfo, 90, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = pixels + (size_t)cinfo.next_scanline * width * 4;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    fclose(out);
    free(pixels);
    return 0;
}
