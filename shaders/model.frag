#version 150
uniform sampler2D p3d_Texture0;
uniform vec4 p3d_ColorScale;
uniform float exposure;
in vec2 v_uv;
in vec3 v_n;
out vec4 o_color;

void main() {
    vec4 tex = texture(p3d_Texture0, v_uv) * p3d_ColorScale;
    vec3 albedo = pow(tex.rgb, vec3(2.2));
    float sky = 0.5 + 0.5 * v_n.z;
    vec3 light = mix(vec3(0.20, 0.17, 0.14), vec3(0.45, 0.47, 0.50), sky)
               + vec3(0.9, 0.82, 0.7) * max(dot(v_n, normalize(vec3(0.3, -0.5, 0.8))), 0.0);
    vec3 c = albedo * light * exposure;
    c = vec3(1.0) - exp(-c * 1.7);
    o_color = vec4(pow(c, vec3(1.0 / 2.2)), tex.a);
}
