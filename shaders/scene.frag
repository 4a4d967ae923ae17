#version 150
// Baked base light plus four animatable light channels, then a soft tone curve.
uniform vec4 light_k;      // per channel: level - 1 (0 = as baked)
uniform vec3 light_col0;
uniform vec3 light_col1;
uniform vec3 light_col2;
uniform vec3 light_col3;
uniform float exposure;
in vec3 v_base;
in vec3 v_albedo;
in vec4 v_w;
out vec4 o_color;

void main() {
    vec3 extra = light_k.x * v_w.x * light_col0 + light_k.y * v_w.y * light_col1
               + light_k.z * v_w.z * light_col2 + light_k.w * v_w.w * light_col3;
    vec3 c = max(v_base + v_albedo * extra, vec3(0.0)) * exposure;
    c = vec3(1.0) - exp(-c * 1.7);               // gentle shoulder, no clipping
    o_color = vec4(pow(c, vec3(1.0 / 2.2)), 1.0);
}
