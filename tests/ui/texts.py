"""Tiny regulation texts written for the GUI tests (not part of the sample corpus)."""

_FILLER = ("Las autoridades municipales vigilarán el cumplimiento de esta disposición y "
           "podrán dictar las medidas necesarias para su debida observancia en todo el "
           "territorio del Municipio.")

_ARTICLES = "\n\n".join(f"ARTÍCULO {n}.- {_FILLER} {_FILLER}" for n in range(5, 31))

REGLAMENTO = f"""REGLAMENTO DE PARQUES DE PRUEBA PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

Publicado en el Periódico Oficial No. 10, de fecha 5 de febrero de 2010, Tomo CXVII, Sección I.

Última reforma publicada en el Periódico Oficial No. 20, de fecha 3 de mayo de 2021, Tomo CXXVIII.

CAPÍTULO I
DISPOSICIONES GENERALES

ARTÍCULO 1.- Objeto.- Este Reglamento regula el uso de los parques públicos.

ARTÍCULO 2.- Para efectos de este Reglamento se entenderá por:

I.- Parque.- El área verde de uso público;

II.- Usuario.- La persona que visita un parque.

CAPÍTULO II
DE LAS SANCIONES

ARTÍCULO 3.- Derogado.
(Derogado, P.O. No. 20, de fecha 3 de mayo de 2021, Tomo CXXVIII)

ARTÍCULO 4.- Las sanciones se aplicarán conforme a la Ley.

{_ARTICLES}

TRANSITORIOS

PRIMERO.- El presente Reglamento entrará en vigor al día siguiente de su publicación.

SEGUNDO.- Se abroga el reglamento anterior.
"""

# The same regulation, reformed later: article 1 changes and the last reform date moves.
REGLAMENTO_2023 = (REGLAMENTO
                   .replace("No. 20, de fecha 3 de mayo de 2021, Tomo CXXVIII.",
                            "No. 8, de fecha 10 de febrero de 2023, Tomo CXXX.")
                   .replace("regula el uso de los parques públicos",
                            "regula el uso y cuidado de los parques y jardines públicos"))

BANDO = """BANDO DE PRUEBA DE POLICÍA PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

Publicado en el Periódico Oficial No. 3, de fecha 12 de enero de 2001, Tomo CVIII, Sección I.

ARTÍCULO 1.- El presente Bando es de orden público.

ARTÍCULO 2.- Corresponde su aplicación al Ayuntamiento.
"""
