"""What was planted in the sample acuerdos de creación against the model (read from the texts).

For each sample file, the status of each principle of the model (by the model's article
number): «igual» when the instrument states it with the model's exact words (its own names
substituted), «distinta» when it regulates the matter in other words, «falta» when no article
regulates it. The objeto (article 2) only has to exist. Written by reading corpus/*.txt and
reglamentos_app/review/modelos/acuerdo-creacion.txt, not from the program's output.
"""

I, D, F = "igual", "distinta", "falta"
PRINCIPLES = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")

TRUTH = {
    # IMIP (written before the model): only relaciones laborales keeps the model's words.
    "acuerdo-creacion-imip.txt": (D, I, D, D, D, D, D, D, F, D, I, D),
    "acuerdo-creacion-dif.txt": (I, I, D, I, D, D, D, F, I, F, I, F),
    "acuerdo-creacion-transporte.txt": (D, I, I, I, D, F, D, I, F, I, D, D),
    "acuerdo-creacion-deporte.txt": (I, I, D, D, D, I, I, D, D, F, F, I),
    "acuerdo-creacion-cultura.txt": (D, I, I, D, D, D, F, D, I, D, I, F),
    "acuerdo-creacion-mujeres.txt": (D, I, D, I, D, D, D, F, D, I, I, D),
}

# The names each sample uses for the model's placeholders.
NAMES = {
    "acuerdo-creacion-imip.txt": ("el Instituto", "la Junta de Gobierno", "el Director General"),
    "acuerdo-creacion-dif.txt": ("el Sistema", "la Junta de Gobierno", "el Director General"),
    "acuerdo-creacion-transporte.txt": ("el Organismo", "el Consejo de Administración",
                                        "el Director"),
    "acuerdo-creacion-deporte.txt": ("el Instituto", "la Junta Directiva", "el Director General"),
    "acuerdo-creacion-cultura.txt": ("el Instituto", "el Consejo Directivo", "el Director"),
    "acuerdo-creacion-mujeres.txt": ("el Instituto", "la Junta de Gobierno",
                                     "la Directora General"),
}
