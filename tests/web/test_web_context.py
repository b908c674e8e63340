def test_templates_render_outside_a_request(app, db):
    from flask import render_template_string
    with app.app_context():
        assert render_template_string("{{ 'yes' if actor is defined else 'no' }}") == "no"
