"""A small labelled set of (generated sentence, cited passage, supported?) pairs, written for the threshold.

English, French and Spanish, some pairs across languages (a French sentence resting on an
English passage), the way a model condenses passages of other languages. "Unsupported"
pairs are what a small model does: a sentence on another topic, a claim the passage does
not make, or a generic sentence loosely on the theme.
"""
from __future__ import annotations

DEBT = ("Debt relief and development finance are essential so that developing countries can invest in health, "
        "education and social protection after the pandemic.")
VACCINES = ("Equitable access to vaccines for all countries requires the sharing of technology and know-how, "
            "and vaccine doses must reach the poorest countries through COVAX.")
CLIMATE = ("Les États insulaires en développement subissent de plein fouet les effets des changements climatiques "
           "et demandent un financement accru de l'adaptation.")
WATER = ("El acceso al agua potable y al saneamiento sigue siendo limitado en las zonas rurales, donde las mujeres "
         "dedican horas cada día a recoger agua.")
JOURNALISTS = ("Journalists and human rights defenders reported surveillance, arbitrary detention and harassment "
               "during the state of emergency.")
MIGRANTS = ("Les travailleurs migrants ont été exclus des mesures de protection sociale adoptées pendant la pandémie "
            "et beaucoup ont perdu leur emploi sans indemnisation.")

PAIRS: list[tuple[str, str, bool]] = [
    # supported: paraphrase and condensation, same language
    ("Submissions stressed that debt relief was needed for developing countries to invest in social services.",
     DEBT, True),
    ("Development finance was described as essential for health and education after the pandemic.", DEBT, True),
    ("It was noted that vaccines should be shared equitably, including through technology transfer.", VACCINES, True),
    ("Journalists and defenders were said to face surveillance and detention under the emergency.", JOURNALISTS,
     True),
    ("Les petits États insulaires réclament davantage de financement pour s'adapter au climat.", CLIMATE, True),
    ("Les travailleurs migrants n'ont pas bénéficié de la protection sociale pendant la pandémie.", MIGRANTS, True),
    ("En las zonas rurales, el acceso al agua y al saneamiento sigue siendo insuficiente.", WATER, True),
    ("Las mujeres rurales dedican mucho tiempo a recoger agua potable.", WATER, True),
    # supported: across languages
    ("Les contributions ont souligné que l'allègement de la dette était indispensable aux pays en développement.",
     DEBT, True),
    ("Se subrayó la necesidad de un acceso equitativo a las vacunas y de compartir la tecnología.", VACCINES, True),
    ("Small island developing States called for more finance for climate adaptation.", CLIMATE, True),
    ("Migrant workers were excluded from social protection and lost their jobs during the pandemic.", MIGRANTS,
     True),
    ("Access to drinking water and sanitation remains limited in rural areas.", WATER, True),
    ("Los periodistas denunciaron vigilancia y detenciones arbitrarias durante el estado de emergencia.",
     JOURNALISTS, True),
    # unsupported: another topic than the cited passage
    ("Submissions stressed the importance of free and fair elections.", DEBT, False),
    ("The right to education of girls must be protected in conflict zones.", VACCINES, False),
    ("Les contributions ont évoqué la liberté de la presse et les médias indépendants.", CLIMATE, False),
    ("Se destacó la importancia del turismo sostenible para la economía.", WATER, False),
    ("Submissions welcomed the adoption of new legislation on data protection.", MIGRANTS, False),
    ("Il a été recommandé de renforcer la coopération judiciaire en matière pénale.", JOURNALISTS, False),
    ("Indigenous peoples' land rights were described as central to the recovery.", VACCINES, False),
    ("La corrupción en la contratación pública fue señalada como un obstáculo.", DEBT, False),
    # unsupported: generic, loosely on the theme, or what small models write
    ("The United Nations is working to help developing countries.", DEBT, False),
    ("Human rights are important for everyone in the world.", JOURNALISTS, False),
    ("Les droits de l'homme sont universels et indivisibles.", MIGRANTS, False),
    ("Es importante que todos trabajemos juntos por un futuro mejor.", WATER, False),
    ("This paragraph is about the theme of the report.", CLIMATE, False),
    ("Submissions noted that the Organization celebrated its seventy-fifth anniversary.", VACCINES, False),
]
